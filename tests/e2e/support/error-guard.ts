// The `test` and `expect` every e2e spec imports: `test` fails when any page of the test's browser
// context throws an uncaught error or logs a console error that the test did not allow by pattern.
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** One error a page reported: an uncaught exception or a console message of type 'error'. */
export interface PageError {
  kind: 'pageerror' | 'console';
  /** The message, followed by the URL of the resource it concerns when there is one. */
  text: string;
  pageUrl: string;
}

/** The errors of the current test and the patterns it allows. */
export interface PageErrors {
  /** Every error seen so far, allowed or not. */
  readonly seen: readonly PageError[];
  /** The errors seen so far that no allowance covers. */
  unexpected(): PageError[];
  /**
   * Allows errors matching `pattern` from now until the end of the test, for a test that provokes them on
   * purpose (a killed server, a refused frame); errors before this call still count.
   */
  allow(pattern: RegExp): void;
}

/**
 * What Chromium logs when the app goes away under a live page: the socket, the event stream and fetches
 * failing to connect or being cut off. Only a test that stops the server allows these.
 */
export const CONNECTION_LOST = /WebSocket connection to .* failed|net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|CONNECTION_CLOSED|EMPTY_RESPONSE|INCOMPLETE_CHUNKED_ENCODING)|Failed to fetch/;

class PageErrorLog implements PageErrors {
  readonly seen: PageError[] = [];
  private readonly allowances: { pattern: RegExp; fromIndex: number }[] = [];

  unexpected(): PageError[] {
    return this.seen.filter((error, index) => !this.allowances.some((a) => index >= a.fromIndex && a.pattern.test(error.text)));
  }

  allow(pattern: RegExp): void {
    this.allowances.push({ pattern, fromIndex: this.seen.length });
  }

  watch(page: Page): void {
    page.on('pageerror', (error) => this.seen.push({ kind: 'pageerror', text: error.stack ?? error.message, pageUrl: page.url() }));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url } = message.location();
      this.seen.push({ kind: 'console', text: url ? `${message.text()} (${url})` : message.text(), pageUrl: page.url() });
    });
  }
}

/** Waits until every open page has delivered the events it emitted before now (events arrive in order). */
async function drainEvents(context: BrowserContext): Promise<void> {
  await Promise.all(context.pages().map((page) => page.evaluate(() => undefined).catch(() => undefined)));
}

export const test = base.extend<{ pageErrors: PageErrors }>({
  pageErrors: [
    async ({ context }, use) => {
      const log = new PageErrorLog();
      for (const page of context.pages()) log.watch(page);
      context.on('page', (page) => log.watch(page));
      await use(log);
      await drainEvents(context);
      const unexpected = log.unexpected().map((e) => `${e.kind} on ${e.pageUrl}: ${e.text}`);
      expect(unexpected, 'page errors the test did not expect (allow one on purpose with pageErrors.allow)').toEqual([]);
    },
    { auto: true },
  ],
});
