// Settings from a file, read once at start before the configuration is validated: `.env` in the
// project folder by default, another file with ENV_FILE, none with ENV_FILE=none. A variable already
// set in the environment wins over the file.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../lib/config.ts';

/** Loads the settings file into process.env; returns its path, or undefined when none was read. */
export function loadEnvFile(root: string, env: Record<string, string | undefined> = process.env): string | undefined {
  const named = env.ENV_FILE;
  if (named === 'none') return undefined;
  const path = resolve(root, named ?? '.env');
  if (!existsSync(path)) {
    if (named) throw new ConfigError(`Invalid configuration: ENV_FILE names ${path}, which does not exist`);
    return undefined;
  }
  process.loadEnvFile(path);
  return path;
}
