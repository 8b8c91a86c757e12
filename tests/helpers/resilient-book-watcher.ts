// A client that watches one book across reconnects, as a trader view does: on close it reconnects,
// resubscribes with the last seq it applied, and verifies every delta's seq and checksum. It records
// each disconnect and how long the book took to be exact again.
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { openReconnectingBookSocket } from './reconnecting-book-socket.ts';

export interface Outage {
  node: string;
  closedAt: number;
  /** When the first verified book message arrived after the reconnect; undefined while still out. */
  exactAgainAt?: number;
}

export interface ResilientWatcher {
  /** The gateway node of the current connection. */
  node(): string;
  replica(): BookReplica | undefined;
  readonly outages: Outage[];
  /** Gaps and checksum mismatches (a correct system produces none). */
  readonly problems: string[];
  /** Deltas applied and verified. */
  deltas(): number;
  close(): void;
}

/** Starts watching; resolves once the first snapshot is in. */
export async function watchBookResiliently(url: string, symbol: string, depth = 50): Promise<ResilientWatcher> {
  let replica: BookReplica | undefined;
  let node = '';
  let applied = 0;
  const outages: Outage[] = [];
  const problems: string[] = [];
  let onFirstBook: (() => void) | undefined;
  const firstBook = new Promise<void>((resolve) => (onFirstBook = resolve));

  const markExact = (): void => {
    const open = outages.at(-1);
    if (open && open.exactAgainAt === undefined) open.exactAgainAt = Date.now();
    onFirstBook?.();
  };
  const handle = (message: MarketMessage): void => {
    if (message.type === 'hello') node = message.node;
    if (message.type === 'book.snapshot' && message.symbol === symbol) {
      const result = bookFromSnapshot(message);
      if (result.status !== 'ok') return void problems.push(`snapshot ${message.seq}: ${result.status}`);
      replica = result.replica;
      markExact();
    } else if (message.type === 'book.delta' && message.symbol === symbol && replica) {
      const result = applyDelta(replica, message);
      if (result.status === 'stale') return;
      if (result.status !== 'ok') return void problems.push(`delta ${message.seq} on ${node}: ${result.status}`);
      applied++;
      markExact();
    }
  };
  const connection = openReconnectingBookSocket(url, { symbol, depth }, {
    resumeFrom: () => replica,
    onMessage: handle,
    onDisconnect: () => {
      if (outages.at(-1)?.exactAgainAt !== undefined || outages.length === 0) outages.push({ node, closedAt: Date.now() });
    },
  });
  await firstBook;
  return {
    node: () => node,
    replica: () => replica,
    outages,
    problems,
    deltas: () => applied,
    close: () => connection.close(),
  };
}
