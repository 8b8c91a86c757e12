// The trade tape as the e2e specs check it: the ids its rows show, sampled over time, compared with the
// trades the server keeps (GET /api/trades), so a trade the tape never showed or showed twice is caught.
import type { Page } from '@playwright/test';
import { compareStreamIds } from '../../../lib/protocol/stream-id.ts';

/** The ids of the tape's rows, newest first. */
export function tapeIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="trade-tape"] li[data-trade-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trade-id') ?? ''));
}

/** The server's newest trades of a symbol (at most 1000), oldest first. */
export async function serverTradeIds(baseUrl: string, symbol: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/trades?symbol=${symbol}&limit=1000`);
  if (!response.ok) throw new Error(`GET /api/trades answered ${response.status}`);
  const body = (await response.json()) as { trades: { id: string }[] };
  return body.trades.map((trade) => trade.id);
}

/** Samples the tape until stopped; every sample must show distinct ids, newest first. */
export class TapeRecorder {
  /** Every id the tape showed (`ids()` sorts them). */
  readonly seen = new Set<string>();
  readonly problems: string[] = [];
  private isRunning = true;
  private readonly loop: Promise<void>;

  constructor(private readonly page: Page) {
    this.loop = this.run();
  }

  /** Stops sampling; resolves with every id seen, oldest first. */
  async stop(): Promise<string[]> {
    this.isRunning = false;
    await this.loop;
    return this.ids();
  }

  ids(): string[] {
    return [...this.seen].sort(compareStreamIds);
  }

  private async run(): Promise<void> {
    while (this.isRunning) {
      const ids = await tapeIds(this.page).catch(() => []);
      if (new Set(ids).size !== ids.length) this.problems.push(`a trade shown twice: ${ids.join(' ')}`);
      for (let i = 1; i < ids.length; i += 1) if (compareStreamIds(ids[i - 1] ?? '', ids[i] ?? '') <= 0) this.problems.push(`out of order: ${ids[i - 1]} before ${ids[i]}`);
      for (const id of ids) this.seen.add(id);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

/** The ids of `server` (oldest first) from `from` to `to`, both included. */
export function idsBetween(server: readonly string[], from: string, to: string): string[] {
  return server.filter((id) => compareStreamIds(id, from) >= 0 && compareStreamIds(id, to) <= 0);
}

/** The ids after `after`. */
export function idsAfter(ids: readonly string[], after: string): string[] {
  return ids.filter((id) => compareStreamIds(id, after) > 0);
}
