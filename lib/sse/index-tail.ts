// The hub's one live view of the index stream: a broker tail that delivers each entry once, in id
// order, and after a broker reconnect first replays from the stream what pub/sub lost meanwhile.
import { compareStreamIds, type Broker, type StreamEntry } from '../broker/broker.ts';
import { INDEX_STREAM } from '../protocol/channels.ts';

const REFILL_PAGE = 500;

/** A shared, self-healing subscription to the index stream. */
export class IndexTail {
  private unsubscribe: Promise<() => Promise<void>> | undefined;
  /** Subscriptions asked of the broker and not yet released: what a leak would grow. */
  private held = 0;
  private lastId = '0-0';
  /** Live entries that arrive while a refill reads the stream; delivered after it. */
  private buffer: StreamEntry[] | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly deliver: (entry: StreamEntry) => void,
  ) {
    // Pub/sub drops what is published while the connection is down; the stream kept it.
    broker.onStateChange((state) => {
      if (state === 'ready' && this.unsubscribe) void this.refill();
    });
  }

  /** Broker subscriptions held right now (0 or 1, briefly 2 while one is being released). */
  get brokerSubscriptions(): number {
    return this.held;
  }

  /** Subscribes if needed; resolves once the subscription is live, so nothing published after is missed. */
  async open(): Promise<void> {
    if (!this.unsubscribe) {
      // A fresh subscription: what came before it is each client's own replay, not ours to refill.
      this.lastId = '0-0';
      this.held += 1;
      const pending = this.broker.tail(INDEX_STREAM, (entry) => this.receive(entry));
      this.unsubscribe = pending;
      // A failed subscribe must not poison the next attempt.
      pending.catch(() => {
        this.held -= 1;
        if (this.unsubscribe === pending) this.unsubscribe = undefined;
      });
    }
    await this.unsubscribe;
  }

  /** Releases the subscription (when the last client leaves). */
  close(): void {
    const pending = this.unsubscribe;
    if (!pending) return;
    this.unsubscribe = undefined;
    void pending
      .then((unsubscribe) => unsubscribe())
      .then(() => (this.held -= 1))
      .catch(() => undefined);
  }

  private receive(entry: StreamEntry): void {
    if (this.buffer) this.buffer.push(entry);
    else this.forward(entry);
  }

  private forward(entry: StreamEntry): void {
    // A reconnect or a refill can overlap live delivery; ids only move forward.
    if (compareStreamIds(entry.id, this.lastId) <= 0) return;
    this.lastId = entry.id;
    this.deliver(entry);
  }

  private async refill(): Promise<void> {
    if (this.buffer || this.lastId === '0-0') return;
    this.buffer = [];
    try {
      for (let cursor = this.lastId; ; ) {
        const page = await this.broker.readAfter(INDEX_STREAM, cursor, REFILL_PAGE);
        for (const entry of page) this.forward(entry);
        const last = page.at(-1);
        if (!last || page.length < REFILL_PAGE) break;
        cursor = last.id;
      }
    } catch {
      // The broker went away again; the next 'ready' refills from where this one stopped.
    } finally {
      const buffered = this.buffer;
      this.buffer = undefined;
      for (const entry of buffered) this.forward(entry);
    }
  }
}
