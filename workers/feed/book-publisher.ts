// Publishes one instrument's sequenced book: every delta on the book channel, and the full book
// under the snapshot key so any gateway node can start or resync without asking this worker.
import type { Broker } from '../../lib/broker/broker.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import type { SequencedBook } from '../../lib/market/sequenced-book.ts';
import { bookChannel, bookSnapshotKey } from '../../lib/protocol/channels.ts';

// Long enough to survive a few missed refreshes, short enough that a dead feed's book expires.
const SNAPSHOT_TTL_MS = 30_000;

/** Encodes a delta exactly as the gateway and clients receive it. */
export function encodeDelta(delta: BookDelta): string {
  return JSON.stringify({ type: 'book.delta', ...delta });
}

/** Writes deltas and snapshots of one book to the broker, in order. */
export class BookPublisher {
  private lastSnapshotSeq = -1;

  constructor(
    private readonly broker: Broker,
    private readonly book: SequencedBook,
  ) {}

  /** Publishes a delta; the broker keeps publish order per connection. */
  publishDelta(delta: BookDelta): Promise<void> {
    return this.broker.publish(bookChannel(delta.symbol), encodeDelta(delta));
  }

  /** Stores the current full book; skipped when nothing changed since the last store unless forced. */
  async storeSnapshot(force = false): Promise<void> {
    if (!force && this.book.seq === this.lastSnapshotSeq) return;
    const snapshot = this.book.snapshot(Date.now());
    this.lastSnapshotSeq = snapshot.seq;
    await this.broker.set(bookSnapshotKey(snapshot.symbol), JSON.stringify(snapshot), SNAPSHOT_TTL_MS);
  }
}
