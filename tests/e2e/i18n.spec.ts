// The interface in Korean and English: a browser that prefers Korean gets the trader view, the lab and
// the ticker in Korean; the language switch changes it without a reload (the socket stays open) and
// the choice survives one. Elements are found by test id, never by their words.
import { expect, test } from './support/error-guard.ts';
import { expectAccount, placeOrder } from './support/order-form.ts';
import { expectLive } from './support/trader-page.ts';

test.use({ locale: 'ko-KR' });

test('a Korean browser trades in Korean, switches to English without losing its socket, and keeps the choice', async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expectLive(page);
  await expectAccount(page);
  await expect(page.getByTestId('connection-label')).toHaveText('실시간');
  await expect(page.getByTestId('order-entry').getByRole('heading')).toHaveText('주문하기');
  await expect(page.getByTestId('live-book').getByRole('heading')).toHaveText('호가창');
  await expect(page.getByTestId('account-tab-orders')).toHaveText('미체결 주문 (0)');
  await expect(page.getByTestId('language-ko')).toHaveAttribute('aria-pressed', 'true');

  // The Korean ticket: the side and type switches by their test ids, a market buy that fills.
  await page.getByTestId('type-limit').check({ force: true });
  await expect(page.locator('label', { has: page.getByTestId('type-limit') })).toHaveText('지정가');
  await page.getByTestId('order-quantity').fill('0.00000001');
  await page.getByTestId('order-quantity').blur();
  await expect(page.getByTestId('order-quantity-error')).toHaveText('최소 수량은 0.0001입니다');
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('order-submit')).toHaveText('BTC 매수');
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  await expect(page.getByTestId('order-feedback')).toContainText('매수 0.01: 체결 완료 @');
  await page.getByTestId('account-tab-fills').click();
  await expect(page.getByTestId('fill').first()).toContainText('매수');

  // Switching re-renders in English in place: the page is not reloaded and its socket stays open.
  await page.evaluate(() => Object.assign(window, { beforeSwitch: true }));
  await page.getByTestId('language-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('order-submit')).toHaveText('Buy BTC');
  await expect(page.getByTestId('account-tab-positions')).toHaveText('Positions');
  await expect(page.getByTestId('connection-label')).toHaveText('Live');
  expect(await page.evaluate(() => (window as { beforeSwitch?: boolean }).beforeSwitch)).toBe(true);
  expect((await page.context().cookies()).find((c) => c.name === 'tw_locale')?.value).toBe('en');

  // Remembered: the next request renders in English although the browser prefers Korean.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectLive(page);
  await expect(page.getByTestId('order-submit')).toHaveText('Buy BTC');
  await expect(page.getByTestId('language-en')).toHaveAttribute('aria-pressed', 'true');
});

test('the transport lab is in Korean, protocol names untranslated, and switches to English', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('전송 방식 실험실');
  await expect(page.getByTestId('lab-tab-index')).toHaveText('지수 · 전송 방식 6개');
  await expect(page.getByTestId('drop-button')).toHaveText('내 연결 끊기');
  await expect(page.getByTestId('transport-poll').getByRole('heading')).toHaveText('숏 폴링');
  await expect(page.getByTestId('transport-stomp').getByRole('heading')).toHaveText('STOMP over WebSocket');
  await expect(page.getByTestId('transport-ws')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('system-diagram')).toContainText('단일 프로세스');

  await page.getByTestId('language-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('transport lab');
  await expect(page.getByTestId('drop-button')).toHaveText('Drop my connections');
});

test('the ticker widget speaks Korean with lang=ko, and refuses a language it does not have', async ({ page }) => {
  await page.goto('/embed/ticker?symbols=BTC-USD,AAPL&layout=grid&lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.locator('thead th')).toHaveText(['종목', '현재가', '24h', '매수호가', '매도호가']);
  await expect(page.getByTestId('ticker-status')).toHaveText('실시간');
  await expect(page.getByTestId('ticker-last-BTC-USD')).toHaveText(/^\d+\.\d$/);

  const refused = await page.request.get('/embed/ticker?lang=fr');
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain('lang: must be en or ko');
});

test('the /embed page offers the widget in Korean, in its snippets and previews', async ({ page }) => {
  await page.goto('/embed');
  await expect(page.getByTestId('snippet-lang')).toHaveValue('ko');
  await expect(page.getByTestId('snippet-iframe')).toContainText('&layout=scroll&lang=ko" title="Tickwire 시세 티커"');
  await expect(page.getByTestId('snippet-script')).toContainText('data-lang="ko"');
  await expect(page.frameLocator('iframe[src*="layout=scroll"]').getByTestId('ticker-status')).toHaveText('실시간');

  await page.getByTestId('snippet-lang').selectOption('en');
  await expect(page.getByTestId('snippet-iframe')).not.toContainText('lang=');
  await expect(page.getByTestId('snippet-script')).not.toContainText('data-lang');
  await expect(page.frameLocator('iframe[src*="layout=scroll"]').getByTestId('ticker-status')).toHaveText('live');
});

test('an unknown page is a 404 in Korean, with the way back', async ({ page, pageErrors }) => {
  pageErrors.allow(/status of 404 \(Not Found\) \(http:\/\/[^/]+\/trade\/NOPE-USD\)$/);
  expect((await page.goto('/trade/NOPE-USD'))?.status()).toBe(404);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByTestId('not-found').getByRole('heading')).toHaveText('페이지를 찾을 수 없습니다');
  await page.getByTestId('not-found').getByRole('link', { name: '트레이더 화면 열기' }).click();
  // The trader view is at the root; the address must leave /trade/NOPE-USD, not merely look like a trade page.
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByTestId('not-found')).toHaveCount(0);
  await expect(page.getByTestId('connection-status')).toBeVisible();
});
