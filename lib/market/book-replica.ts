// A consumer's copy of a feed book (gateway or browser): built from a snapshot, advanced by
// deltas, with sequence continuity and the checksum verified at every step.
import { bookError, type BookError } from './book-error.ts';
import { snapshotOfBook, type BookDelta, type BookSnapshot } from './book-messages.ts';
import { checksumOfBook } from './checksum.ts';
import { getInstrument, type Instrument } from './instruments.ts';
import { OrderBook } from './order-book.ts';
import { parseLevels } from './parse-levels.ts';

/** A rebuilt book at a sequence number. */
export interface BookReplica {
  readonly instrument: Instrument;
  readonly book: OrderBook;
  /** The feed's sequence run this book follows; a delta of another epoch never applies to it. */
  readonly epoch: number;
  seq: number;
  ts: number;
  checksum: number;
}

/**
 * What applying a message did. `other-epoch`: the delta belongs to another run of the feed's
 * sequence (unchanged; a newer epoch means the book must be rebuilt from that epoch's snapshot).
 * `stale`: the delta is at or before the replica (ignored, unchanged).
 * `gap`: a delta is missing (unchanged). `checksum-mismatch`: the book no longer matches the feed's
 * and must be rebuilt from a fresh snapshot. `invalid`: a malformed message (unchanged).
 */
export type ReplicaResult =
  | { status: 'ok'; replica: BookReplica }
  | { status: 'other-epoch'; epoch: number; receivedEpoch: number }
  | { status: 'stale'; seq: number; receivedSeq: number }
  | { status: 'gap'; expectedSeq: number; receivedSeq: number }
  | { status: 'checksum-mismatch'; seq: number; expected: number; actual: number }
  | { status: 'invalid'; error: BookError };

/** Builds a replica from a snapshot, verifying its checksum. */
export function bookFromSnapshot(snapshot: BookSnapshot, inst = getInstrument(snapshot.symbol)): ReplicaResult {
  if (inst === undefined) return invalid(bookError('UNKNOWN_SYMBOL', `unknown symbol ${snapshot.symbol}`));
  const bids = parseLevels(snapshot.bids, inst);
  if (!bids.ok) return invalid(bids.error);
  const asks = parseLevels(snapshot.asks, inst);
  if (!asks.ok) return invalid(asks.error);
  const book = new OrderBook();
  for (const [price, lots] of bids.levels) book.apply('bid', price, lots);
  for (const [price, lots] of asks.levels) book.apply('ask', price, lots);
  const actual = checksumOfBook(book, inst);
  if (actual !== snapshot.checksum) {
    return { status: 'checksum-mismatch', seq: snapshot.seq, expected: snapshot.checksum, actual };
  }
  return { status: 'ok', replica: { instrument: inst, book, epoch: snapshot.epoch, seq: snapshot.seq, ts: snapshot.ts, checksum: actual } };
}

/** Applies the next delta in place; only the delta with seq = replica.seq + 1 is applied. */
export function applyDelta(replica: BookReplica, delta: BookDelta): ReplicaResult {
  if (delta.symbol !== replica.instrument.symbol) {
    return invalid(bookError('SYMBOL_MISMATCH', `delta for ${delta.symbol} sent to ${replica.instrument.symbol}`));
  }
  if (delta.epoch !== replica.epoch) return { status: 'other-epoch', epoch: replica.epoch, receivedEpoch: delta.epoch };
  if (delta.seq <= replica.seq) return { status: 'stale', seq: replica.seq, receivedSeq: delta.seq };
  if (delta.seq !== replica.seq + 1) return { status: 'gap', expectedSeq: replica.seq + 1, receivedSeq: delta.seq };
  const bids = parseLevels(delta.bids, replica.instrument);
  if (!bids.ok) return invalid(bids.error);
  const asks = parseLevels(delta.asks, replica.instrument);
  if (!asks.ok) return invalid(asks.error);
  for (const [price, lots] of bids.levels) replica.book.apply('bid', price, lots);
  for (const [price, lots] of asks.levels) replica.book.apply('ask', price, lots);
  replica.seq = delta.seq;
  replica.ts = delta.ts;
  replica.checksum = checksumOfBook(replica.book, replica.instrument);
  if (replica.checksum !== delta.checksum) {
    return { status: 'checksum-mismatch', seq: delta.seq, expected: delta.checksum, actual: replica.checksum };
  }
  return { status: 'ok', replica };
}

/** The replica as a snapshot message, e.g. for a gateway answering a new subscriber. */
export function replicaSnapshot(replica: BookReplica): BookSnapshot {
  return snapshotOfBook(replica.book, replica.instrument, replica.epoch, replica.seq, replica.ts);
}

function invalid(error: BookError): ReplicaResult {
  return { status: 'invalid', error };
}
