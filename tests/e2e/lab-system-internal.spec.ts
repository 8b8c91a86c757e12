// The lab's system diagram on a deployment that keeps /api/system internal (behind the shipped nginx,
// or with OPS_PORT or OPS_ALLOW): it says so, stops asking, and the rest of the lab works.
import { expect, test } from './support/error-guard.ts';

test('says the system view is internal when /api/system is refused', async ({ page, pageErrors }) => {
  // Chromium logs every refused request; on such a deployment that is the expected answer.
  pageErrors.allow(/status of 404/);
  let asked = 0;
  await page.route('**/api/system', (route) => {
    asked += 1;
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not_found"}' });
  });
  await page.goto('/lab');
  await expect(page.getByTestId('system-internal')).toContainText('The system view is internal on this deployment');
  await expect(page.getByTestId('system-diagram')).toHaveAttribute('data-internal', 'true');
  await expect(page.getByTestId('transport-ws')).toHaveAttribute('data-state', 'open');
  // The diagram refreshes every 2 s; once refused it does not ask again.
  await page.waitForTimeout(2500);
  expect(asked).toBe(1);
});
