// What the e2e tests read off the trader view, in one place: states, the book's best prices, the chart.
import { expect, type Page } from '@playwright/test';

/** Waits until the status pill says live (socket open, book verified). */
export async function expectLive(page: Page, timeout = 30_000): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live', { timeout });
}

/** The live book's best bid and ask as numbers, read in one go (the book moves between two reads). */
export async function bestPrices(page: Page): Promise<{ bid: number; ask: number }> {
  const book = page.getByTestId('order-book');
  await expect(book).toHaveAttribute('data-state', 'live');
  return book.evaluate((el) => ({ bid: Number(el.getAttribute('data-best-bid')), ask: Number(el.getAttribute('data-best-ask')) }));
}

/** The book sequence shown in the footer. */
export async function bookSeq(page: Page): Promise<number> {
  return Number(await page.getByTestId('book-seq').textContent());
}

/**
 * Waits until the book's sequence moves on: a read above the one before it. A new feed run (a new
 * leader's term, a new epoch) starts its sequence again near 1, so the book moving to it shows a lower
 * number, which is not a stall; a book that stops anywhere never passes.
 */
export async function expectBookAdvancing(page: Page): Promise<void> {
  await expect(page.getByTestId('book-seq')).toHaveText(/^\d+$/);
  let previous = await bookSeq(page);
  const hasAdvanced = async (): Promise<boolean> => {
    const seq = await bookSeq(page);
    // "—" (no book for a moment, while it resyncs) compares as nothing.
    if (Number.isNaN(seq)) return false;
    if (seq > previous) return true;
    previous = seq;
    return false;
  };
  await expect.poll(hasAdvanced, { timeout: 15_000, message: 'the book sequence moves on' }).toBe(true);
}

/** Samples the book a few times and checks it is never crossed. */
export async function expectUncrossed(page: Page, samples = 5): Promise<void> {
  for (let i = 0; i < samples; i++) {
    const { bid, ask } = await bestPrices(page);
    expect(bid).toBeGreaterThan(0);
    expect(bid).toBeLessThan(ask);
    await page.waitForTimeout(200);
  }
}

/** The chart's bar count and last bar time, from the attributes the chart keeps current. */
export async function chartState(page: Page): Promise<{ bars: number; lastBarTime: number; visibleBars: number }> {
  const chart = page.getByTestId('price-chart');
  return {
    bars: Number((await chart.getAttribute('data-bars')) ?? 0),
    lastBarTime: Number((await chart.getAttribute('data-last-bar-time')) ?? 0),
    visibleBars: Number((await chart.getAttribute('data-visible-bars')) ?? 0),
  };
}

/** How many pixels of the chart's canvases differ from its background colour. */
export async function paintedPixels(page: Page): Promise<number> {
  return page.getByTestId('price-chart').evaluate((root) => {
    let painted = 0;
    for (const canvas of root.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const [r0, g0, b0] = [data[0], data[1], data[2]];
      for (let i = 0; i < data.length; i += 4) {
        const alpha = data[i + 3] ?? 0;
        if (alpha > 0 && (data[i] !== r0 || data[i + 1] !== g0 || data[i + 2] !== b0)) painted++;
      }
    }
    return painted;
  });
}

/** Records every reason the page gives for not showing its book as live, so a resync cannot pass unseen. */
export async function watchBookReasons(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const reasons: string[] = [];
    (window as unknown as { bookReasons: string[] }).bookReasons = reasons;
    const status = document.querySelector('[data-testid="connection-status"]');
    if (!status) throw new Error('no connection status');
    new MutationObserver(() => {
      if (status.getAttribute('data-state') !== 'live') reasons.push(status.getAttribute('title') ?? '');
    }).observe(status, { attributes: true, attributeFilter: ['data-state', 'title'] });
  });
  return () => page.evaluate(() => (window as unknown as { bookReasons: string[] }).bookReasons);
}
