// Publishes one instrument's sequenced book: every delta on the book channel, and the full book
// under the snapshot key so any gateway node can start or resync without asking this worker.
import type { Broker } from '../../lib/broker/broker.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import type { SequencedBook } from '../../lib/market/sequenced-book.ts';
import { encodeBookDeltas, encodeBookSnapshot } from '../../lib/protocol/bus.ts';
import { bookChannel, bookSnapshotKey } from '../../lib/protocol/channels.ts';
import { getFeedMetrics } from './feed-metrics.ts';

// Long enough to survive a few missed refreshes, short enough that a dead feed's book expires.
const SNAPSHOT_TTL_MS = 30_000;

/**
 * Writes deltas and snapshots of one book to the broker, in order. Deltas produced in the same
 * event-loop turn go out as one message: one Redis command instead of many is what lets one feed
 * publish tens of thousands of deltas a second, and a lone delta on a calm feed still leaves at once.
 */
export class BookPublisher {
  private lastSnapshotSeq = -1;
  private pending: BookDelta[] = [];
  private flushing: Promise<void> | undefined;
  private lastPublish: Promise<void> = Promise.resolve();

  constructor(
    private readonly broker: Broker,
    private readonly book: SequencedBook,
  ) {}

  /** Queues a delta for this turn's message; resolves once that message is published. */
  publishDelta(delta: BookDelta): Promise<void> {
    this.pending.push(delta);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.flushing;
  }

  private flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushing = undefined;
    // Already sent by storeSnapshot: resolve with that publish.
    if (batch.length === 0) return this.lastPublish;
    // The broker keeps publish order per connection, so batches arrive in seq order.
    const { symbol } = this.book.instrument;
    this.lastPublish = this.broker.publish(bookChannel(symbol), encodeBookDeltas(batch)).then(() => {
      getFeedMetrics().deltasPublished.inc({ symbol }, batch.length);
    });
    return this.lastPublish;
  }

  /** Stores the current full book; skipped when nothing changed since the last store unless forced. */
  async storeSnapshot(force = false): Promise<void> {
    if (!force && this.book.seq === this.lastSnapshotSeq) return;
    // The snapshot includes this turn's deltas: publish them first, so no reader holds a snapshot
    // ahead of the channel and then meets deltas it already has.
    if (this.pending.length > 0) void this.flush().catch(() => {}); // the deltas' own callers see a failure
    const snapshot = this.book.snapshot(Date.now());
    this.lastSnapshotSeq = snapshot.seq;
    await this.broker.set(bookSnapshotKey(snapshot.symbol), encodeBookSnapshot(snapshot), SNAPSHOT_TTL_MS);
  }
}
