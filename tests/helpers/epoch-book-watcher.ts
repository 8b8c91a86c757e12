// A book client for feed failovers: like the resilient watcher it reconnects through nginx, resumes
// with the last seq and epoch it applied, and verifies every delta by seq and checksum; it also follows
// the feed's epochs: when each epoch's book was first exact, that epoch's first snapshot, and, as a
// problem, any book message of an epoch older than one it already had (a reader must never go back to
// a superseded leader's book) or a delta of another epoch than its book's (a snapshot must come first).
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { BookSnapshotMessage, MarketMessage } from '../../lib/protocol/messages.ts';
import { openReconnectingBookSocket } from './reconnecting-book-socket.ts';
import { waitFor } from './wait-for.ts';

export interface EpochBookWatcher {
  readonly symbol: string;
  readonly depth: number;
  /** The gateway node of the current connection. */
  node(): string;
  /** The verified book; undefined before the first snapshot. */
  replica(): BookReplica | undefined;
  /** When (ms) the first verified book message of an epoch arrived; undefined before. */
  exactSince(epoch: number): number | undefined;
  /** The first snapshot received of an epoch. */
  firstSnapshot(epoch: number): BookSnapshotMessage | undefined;
  /** Gaps, checksum mismatches, foreign-epoch deltas and epochs going back (a correct system produces none). */
  readonly problems: string[];
  /** Deltas applied and verified. */
  deltas(): number;
  /** Connections opened so far (the first included). */
  connections(): number;
  close(): void;
}

/** Starts watching one book; resolves once the first snapshot is in (rejects after `timeoutMs` without one). */
export async function watchBookEpochs(url: string, symbol: string, depth: number, timeoutMs = 15_000): Promise<EpochBookWatcher> {
  let replica: BookReplica | undefined;
  let node = '';
  let applied = 0;
  let connections = 0;
  let highestEpoch = 0;
  const exactSince = new Map<number, number>();
  const firstSnapshots = new Map<number, BookSnapshotMessage>();
  const problems: string[] = [];

  const markExact = (epoch: number): void => {
    if (!exactSince.has(epoch)) exactSince.set(epoch, Date.now());
  };
  // False (and a problem) for a message of an epoch older than the newest this client had.
  const isCurrentEpoch = (kind: string, epoch: number, seq: number): boolean => {
    if (epoch < highestEpoch) {
      problems.push(`${kind} ${seq} of epoch ${epoch} on ${node} after epoch ${highestEpoch}: went back`);
      return false;
    }
    highestEpoch = epoch;
    return true;
  };
  const handle = (message: MarketMessage): void => {
    if (message.type === 'hello') node = message.node;
    if (message.type === 'book.snapshot' && message.symbol === symbol) {
      if (!isCurrentEpoch('snapshot', message.epoch, message.seq)) return;
      const result = bookFromSnapshot(message);
      if (result.status !== 'ok') return void problems.push(`snapshot ${message.seq} on ${node}: ${result.status}`);
      if (!firstSnapshots.has(message.epoch)) firstSnapshots.set(message.epoch, message);
      replica = result.replica;
      markExact(message.epoch);
    } else if (message.type === 'book.delta' && message.symbol === symbol && replica) {
      if (!isCurrentEpoch('delta', message.epoch, message.seq)) return;
      const result = applyDelta(replica, message);
      if (result.status === 'stale') return; // a replay overlapping what this client already applied
      if (result.status !== 'ok') return void problems.push(`delta ${message.seq} of epoch ${message.epoch} on ${node}: ${result.status}`);
      applied++;
      markExact(message.epoch);
    }
  };
  const connection = openReconnectingBookSocket(url, { symbol, depth }, {
    resumeFrom: () => replica,
    onMessage: handle,
    onConnect: () => connections++,
  });
  await waitFor(`a first ${symbol} book`, () => replica !== undefined, timeoutMs).catch((error: unknown) => {
    connection.close();
    throw error;
  });
  return {
    symbol,
    depth,
    node: () => node,
    replica: () => replica,
    exactSince: (epoch) => exactSince.get(epoch),
    firstSnapshot: (epoch) => firstSnapshots.get(epoch),
    problems,
    deltas: () => applied,
    connections: () => connections,
    close: () => connection.close(),
  };
}
