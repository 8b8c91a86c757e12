// The icon browsers show in the tab: linked from every page and served, including the /favicon.ico that
// browsers ask for on their own.
import { expect, test } from './support/error-guard.ts';

test('/favicon.ico answers with an icon', async ({ request }) => {
  const response = await request.get('/favicon.ico');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/x-icon');
  // An ICO header: reserved 0, type 1 (icon), at least one image.
  const body = await response.body();
  expect([body.readUInt16LE(0), body.readUInt16LE(2)]).toEqual([0, 1]);
  expect(body.readUInt16LE(4)).toBeGreaterThan(0);
});

for (const path of ['/', '/lab', '/embed']) {
  test(`${path} links the SVG icon and the favicon, and both load`, async ({ page }) => {
    await page.goto(path);
    const hrefs = await page.locator('head link[rel="icon"]').evaluateAll((links) => links.map((l) => l.getAttribute('href') ?? ''));
    expect(hrefs.map((href) => href.split('?')[0])).toEqual(['/favicon.ico', '/icon.svg']);
    for (const href of hrefs) {
      const response = await page.request.get(href);
      expect(response.status(), href).toBe(200);
    }
    const svg = await page.request.get(hrefs[1] ?? '');
    expect(svg.headers()['content-type']).toBe('image/svg+xml');
  });
}
