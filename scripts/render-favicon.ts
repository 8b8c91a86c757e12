// `node --import tsx scripts/render-favicon.ts`: draws app/icon.svg in Chromium at 16, 32 and 48 px and
// writes app/favicon.ico from them, so the icon browsers ask for at /favicon.ico matches the SVG mark.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

const APP_DIR = join(import.meta.dirname, '..', 'app');
const SIZES_PX = [16, 32, 48];

/** An ICO file holding PNG images (allowed since Windows Vista, read by every current browser). */
function icoOf(images: { sizePx: number; png: Buffer }[]): Buffer {
  const HEADER_BYTES = 6;
  const ENTRY_BYTES = 16;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = HEADER_BYTES + ENTRY_BYTES * images.length;
  const entries = images.map(({ sizePx, png }) => {
    const entry = Buffer.alloc(ENTRY_BYTES);
    entry.writeUInt8(sizePx % 256, 0); // 0 means 256
    entry.writeUInt8(sizePx % 256, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const svg = readFileSync(join(APP_DIR, 'icon.svg'));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const images = [];
    for (const sizePx of SIZES_PX) {
      const page = await browser.newPage({ viewport: { width: sizePx, height: sizePx }, deviceScaleFactor: 1 });
      const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
      await page.setContent(`<body style="margin:0"><img src="${src}" width="${sizePx}" height="${sizePx}" style="display:block"></body>`);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      images.push({ sizePx, png: await page.screenshot({ omitBackground: true }) });
      await page.close();
    }
    writeFileSync(join(APP_DIR, 'favicon.ico'), icoOf(images));
    process.stdout.write(`wrote app/favicon.ico (${SIZES_PX.join(', ')} px)\n`);
  } finally {
    await browser.close();
  }
}

await main();
