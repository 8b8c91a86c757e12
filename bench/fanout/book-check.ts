// A load client's check of its book: rebuilt from each snapshot and advanced by every delta, seq and
// checksum verified (lib/market/book-replica.ts), as a trader view does. Run on a few sampled sockets
// only: verifying every socket's book would cost the load generator more than the server.
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';

/** One socket's book and what its checks found. */
export class BookCheck {
  /** Deltas applied with their seq and checksum verified. */
  verified = 0;
  /** Gaps, checksum mismatches and bad snapshots (a correct gateway sends none). */
  problems = 0;
  private replica: BookReplica | undefined;

  /** Reads one WebSocket message's JSON (an object or an array of them). */
  read(text: string): void {
    const parsed = JSON.parse(text) as MarketMessage | MarketMessage[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) this.apply(message);
  }

  private apply(message: MarketMessage): void {
    if (message.type === 'book.snapshot') {
      const result = bookFromSnapshot(message);
      this.replica = result.status === 'ok' ? result.replica : undefined;
      if (result.status !== 'ok') this.problems += 1;
    } else if (message.type === 'book.stale') {
      // Conflated or resyncing: a fresh snapshot follows.
      this.replica = undefined;
    } else if (message.type === 'book.delta' && this.replica) {
      const result = applyDelta(this.replica, message);
      if (result.status === 'ok') this.verified += 1;
      else if (result.status !== 'stale') {
        // Counted once: the book is wrong until the next snapshot.
        this.problems += 1;
        this.replica = undefined;
      }
    }
  }
}
