// The page-error guard itself: an error no test allowed fails the test (hence `test.fail()` below), from
// any page of the context, and an allowance covers only the errors that match it and come after it.
import { expect, test } from './support/error-guard.ts';

const PAGE = '<!doctype html><title>guard</title><p>a page that misbehaves on request</p>';

test('an uncaught error in the page fails the test', async ({ page, pageErrors }) => {
  test.fail();
  await page.setContent(PAGE);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('thrown on purpose');
    });
  });
  await expect.poll(() => pageErrors.seen.map((e) => e.kind)).toEqual(['pageerror']);
});

test('a console error fails the test', async ({ page, pageErrors }) => {
  test.fail();
  await page.setContent(PAGE);
  await page.evaluate(() => console.error('logged on purpose'));
  await expect.poll(() => pageErrors.seen.map((e) => e.kind)).toEqual(['console']);
});

test('an error in another page of the same context fails the test', async ({ context, pageErrors }) => {
  test.fail();
  const popup = await context.newPage();
  await popup.setContent(PAGE);
  await popup.evaluate(() => console.error('logged on purpose in a second page'));
  await expect.poll(() => pageErrors.seen.length).toBe(1);
});

test('an allowed error passes, and is still recorded', async ({ page, pageErrors }) => {
  pageErrors.allow(/thrown on purpose/);
  await page.setContent(PAGE);
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('thrown on purpose');
    });
  });
  await expect.poll(() => pageErrors.seen.length).toBe(1);
  expect(pageErrors.seen[0]?.text).toContain('thrown on purpose');
  expect(pageErrors.unexpected()).toEqual([]);
});

test('an allowance does not cover an error seen before it', async ({ page, pageErrors }) => {
  test.fail();
  await page.setContent(PAGE);
  await page.evaluate(() => console.error('logged on purpose'));
  await expect.poll(() => pageErrors.seen.length).toBe(1);
  pageErrors.allow(/logged on purpose/);
  expect(pageErrors.unexpected()).toHaveLength(1);
});

test('an error in a cross-origin frame of the page fails the test', async ({ page, pageErrors }) => {
  test.fail();
  await page.route('http://partner.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<script>console.error("logged on purpose in a frame")</script>' }));
  await page.setContent('<iframe src="http://partner.example/frame.html"></iframe>');
  await expect.poll(() => pageErrors.seen.map((e) => e.text)).toEqual(['logged on purpose in a frame (http://partner.example/frame.html)']);
});
