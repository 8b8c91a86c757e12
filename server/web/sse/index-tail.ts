// The hub's one live view of the index stream: a broker tail that delivers each entry once, in id
// order, and after a broker reconnect first replays from the stream what pub/sub lost meanwhile.
import { compareStreamIds, type Broker, type BrokerState, type StreamEntry } from '../../../lib/broker/broker.ts';
import { INDEX_STREAM } from '../../../lib/protocol/channels.ts';
import { backoffDelayMs, type BackoffOptions } from '../../../lib/util/backoff.ts';

const REFILL_PAGE = 500;
/** First and longest wait before reading the stream again after a refused refill (e.g. Redis answering LOADING); it doubles, without jitter. */
const REFILL_BACKOFF: BackoffOptions = { baseMs: 100, maxMs: 2000 };

/** A shared, self-healing subscription to the index stream. */
export class IndexTail {
  /** The open subscription: live, and `lastId` placed at the end of the stream. */
  private opened: Promise<() => Promise<void>> | undefined;
  /** Subscriptions asked of the broker and not yet released: what a leak would grow. */
  private held = 0;
  /** The newest id delivered, or known to be in every client's own replay. */
  private lastId = '0-0';
  /**
   * Live entries held back from a disconnect until the refill after it is done. The broker's
   * connections come back one at a time: the subscriber may deliver again before the stream can be
   * read, and passing those entries on would move `lastId` past the ones pub/sub lost.
   */
  private waiting: StreamEntry[] | undefined;
  /** Counts disconnects: a refill that overlapped one must read again. */
  private disconnects = 0;
  /** The subscription a refill is running for, so a second 'ready' does not start another. */
  private refilling: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly deliver: (entry: StreamEntry) => void,
  ) {
    broker.onStateChange((state) => this.onBrokerState(state));
  }

  /** Broker subscriptions held right now (0 or 1, briefly 2 while one is being released). */
  get brokerSubscriptions(): number {
    return this.held;
  }

  /** Subscribes if needed; resolves once the subscription is live, so nothing published after is missed. */
  async open(): Promise<void> {
    if (!this.opened) {
      this.held += 1;
      const opening = this.subscribe();
      this.opened = opening;
      // A failed subscribe must not poison the next attempt.
      opening.catch(() => {
        this.held -= 1;
        if (this.opened === opening) this.opened = undefined;
      });
    }
    await this.opened;
  }

  /** Releases the subscription (when the last client leaves). */
  close(): void {
    const opened = this.opened;
    if (!opened) return;
    this.opened = undefined;
    this.waiting = undefined;
    void opened
      .then((unsubscribe) => unsubscribe())
      .then(() => (this.held -= 1))
      .catch(() => undefined);
  }

  private async subscribe(): Promise<() => Promise<void>> {
    this.lastId = '0-0';
    this.waiting = undefined;
    const unsubscribe = await this.broker.tail(INDEX_STREAM, (entry) => this.receive(entry));
    try {
      // Clients read their own replay after this resolves, so a refill never needs to start earlier:
      // without this mark, an outage before the first live entry would leave nowhere to refill from.
      const [latest] = await this.broker.readLatest(INDEX_STREAM, 1);
      if (latest && compareStreamIds(latest.id, this.lastId) > 0) this.lastId = latest.id;
    } catch (error) {
      await unsubscribe().catch(() => undefined);
      throw error;
    }
    return unsubscribe;
  }

  private onBrokerState(state: BrokerState): void {
    if (!this.opened) return;
    if (state === 'reconnecting') {
      // Pub/sub drops what is published while the subscriber is down; the stream keeps it.
      this.disconnects += 1;
      this.waiting ??= [];
    } else void this.refill();
  }

  private receive(entry: StreamEntry): void {
    if (this.waiting) this.waiting.push(entry);
    else this.forward(entry);
  }

  private forward(entry: StreamEntry): void {
    // A reconnect or a refill can overlap live delivery; ids only move forward.
    if (compareStreamIds(entry.id, this.lastId) <= 0) return;
    this.lastId = entry.id;
    this.deliver(entry);
  }

  /** Reads the stream after `lastId` until a whole read fits between two disconnects, then releases what waited. */
  private async refill(): Promise<void> {
    const opened = this.opened;
    if (!opened || this.refilling === opened) return;
    this.refilling = opened;
    const isCurrent = (): boolean => this.opened === opened;
    try {
      await opened;
      for (let failures = 0; this.waiting && isCurrent(); ) {
        // Reading is only worth it once the subscription is back: 'ready' means it is confirmed live.
        if (this.broker.state !== 'ready') return;
        const disconnects = this.disconnects;
        try {
          await this.readGap(isCurrent);
        } catch {
          // Refused or cut off: a new 'ready' restarts this if the broker went away, else try again soon.
          await sleep(backoffDelayMs(failures, REFILL_BACKOFF, () => 1));
          failures += 1;
          continue;
        }
        if (disconnects !== this.disconnects || !isCurrent()) continue;
        const waiting = this.waiting ?? [];
        this.waiting = undefined;
        for (const entry of waiting) this.forward(entry);
      }
    } catch {
      // The subscription failed; open() tells its clients.
    } finally {
      if (this.refilling === opened) this.refilling = undefined;
    }
  }

  private async readGap(isCurrent: () => boolean): Promise<void> {
    for (;;) {
      const page = await this.broker.readAfter(INDEX_STREAM, this.lastId, REFILL_PAGE);
      if (!isCurrent()) return;
      for (const entry of page) this.forward(entry);
      if (page.length < REFILL_PAGE) return;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
