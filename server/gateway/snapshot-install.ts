// Decides whether the snapshot read from the broker can start (or restart) a mirror, and builds the
// book from it plus the deltas buffered meanwhile. Synchronous on purpose: no delta may slip in between.
import type { Broker } from '../../lib/broker/broker.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookSnapshotKey } from '../../lib/protocol/channels.ts';
import { parseBrokerSnapshot } from './broker-book-messages.ts';

/** What a usable snapshot must satisfy, and the deltas to replay on top of it. */
export interface SyncNeeds {
  /** Consecutive deltas received since syncing began (kept gap-free by the mirror). */
  buffer: BookDelta[];
  /** The snapshot must be at least this seq (a delta at this seq was lost or bad). */
  minSeq: number;
  /** Seq clients last saw; an older snapshot is refused for a few attempts (the feed may not have refreshed yet). */
  lastLiveSeq: number;
}

/** Why a snapshot was not installed, or the book built from it. */
export type InstallOutcome =
  | { status: 'installed'; replica: BookReplica }
  | { status: 'missing' | 'malformed' | 'too-old' | 'behind' | 'bad-checksum' | 'bad-buffer' };

// After this many refused attempts an older-than-before snapshot is accepted: the feed restarted.
const ATTEMPTS_BEFORE_ACCEPTING_OLDER = 6;

/** Reads the snapshot key; null when absent or the broker is unreachable. */
export async function readSnapshot(broker: Broker, symbol: string): Promise<string | null> {
  return broker.get(bookSnapshotKey(symbol)).catch(() => null);
}

/** Asks the feed to refresh the snapshot key now; a failure only delays the next attempt. */
export async function requestSnapshot(broker: Broker, symbol: string): Promise<void> {
  await broker.publish(SNAPSHOT_REQUEST_CHANNEL, symbol).catch(() => undefined);
}

/** Builds a replica from a stored snapshot and the buffered deltas after it, if they fit together. */
export function installSnapshot(raw: string | null, symbol: string, needs: SyncNeeds, attempt: number, onBad: (reason: string) => void): InstallOutcome {
  if (raw === null) return { status: 'missing' };
  const parsed = parseBrokerSnapshot(raw);
  if (!parsed.ok || parsed.value.symbol !== symbol) {
    onBad('malformed-snapshot');
    return { status: 'malformed' };
  }
  const snapshot = parsed.value;
  const first = needs.buffer[0];
  if (snapshot.seq < Math.max(needs.minSeq, first ? first.seq - 1 : 0)) return { status: 'too-old' };
  if (snapshot.seq < needs.lastLiveSeq && attempt < ATTEMPTS_BEFORE_ACCEPTING_OLDER) return { status: 'behind' };
  const built = bookFromSnapshot(snapshot);
  if (built.status !== 'ok') {
    onBad('bad-snapshot');
    return { status: 'bad-checksum' };
  }
  const replica = built.replica;
  for (const delta of needs.buffer) {
    if (delta.seq <= snapshot.seq) continue;
    if (applyDelta(replica, delta).status !== 'ok') {
      // This buffered delta is bad (or checksums disagree): only a snapshot past it can help.
      needs.minSeq = delta.seq;
      needs.buffer.splice(0, needs.buffer.indexOf(delta) + 1);
      return { status: 'bad-buffer' };
    }
  }
  needs.buffer.length = 0;
  return { status: 'installed', replica };
}
