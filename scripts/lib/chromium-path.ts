// Which Chromium the browser tests and screenshots drive: CHROMIUM_PATH when set, else Debian's
// /usr/bin/chromium, else Playwright's own browser when one was installed (`undefined` asks for it).
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The executable to launch, or undefined for Playwright's own browser. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return hasPlaywrightChromium() ? undefined : DEBIAN_CHROMIUM;
}

/** Whether a browser exists where chromiumPath() points. */
export function hasChromium(env: Record<string, string | undefined> = process.env): boolean {
  const path = chromiumPath(env);
  return path === undefined || existsSync(path);
}

function hasPlaywrightChromium(): boolean {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}
