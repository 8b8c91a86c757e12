// What the lab measures for one transport, kept in a plain mutable object the transports write and the
// page reads a few times a second (re-rendering per message would measure React, not the wire).
import { compareStreamIds } from '../../protocol/stream-id.ts';

/** The six ways the lab receives the index stream. */
export type TransportName = 'poll' | 'longpoll' | 'sse' | 'ws' | 'stomp' | 'socketio';

/** The live counters of one transport. */
export interface TransportStats {
  readonly name: TransportName;
  state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** Index updates delivered (duplicates not counted). */
  updates: number;
  /** HTTP requests made (polls, or stream/handshake requests). */
  requests: number;
  /** Bytes on the wire, measured where the browser can see them and estimated where it cannot. */
  bytes: number;
  reconnects: number;
  duplicates: number;
  lastId: string | undefined;
  /** Publish (tick `ts`) to display, in ms, for the last updates (newest last). */
  latenciesMs: number[];
  /** Stream ids received, newest last, to find what another transport got and this one missed. */
  ids: string[];
}

/** What a connection's code counts, whatever stream it carries (the index here, a book on the lab's Book tab). */
export type WireCounters = Pick<TransportStats, 'state' | 'requests' | 'bytes' | 'reconnects'>;

const KEEP = 200;

/** Fresh counters. */
export function createStats(name: TransportName): TransportStats {
  return { name, state: 'connecting', updates: 0, requests: 0, bytes: 0, reconnects: 0, duplicates: 0, lastId: undefined, latenciesMs: [], ids: [] };
}

/** Records one received update; ids only move forward, so one not after the last is a duplicate. */
export function recordUpdate(stats: TransportStats, id: string, tickTs: number, nowMs: number): void {
  if (stats.lastId !== undefined && compareStreamIds(id, stats.lastId) <= 0) {
    stats.duplicates += 1;
    return;
  }
  stats.lastId = id;
  stats.updates += 1;
  stats.latenciesMs.push(Math.max(0, nowMs - tickTs));
  stats.ids.push(id);
  if (stats.latenciesMs.length > KEEP) stats.latenciesMs.shift();
  if (stats.ids.length > KEEP) stats.ids.shift();
}

/** The resume point of a socket's index subscription: after the last id received, once there is one. */
export function resumeAfterLast(stats: Pick<TransportStats, 'lastId'>): { resumeAfter?: string } {
  return stats.lastId === undefined ? {} : { resumeAfter: stats.lastId };
}

/** The median of the kept latencies, or undefined before the first update. */
export function medianLatencyMs(stats: TransportStats): number | undefined {
  if (stats.latenciesMs.length === 0) return undefined;
  const sorted = [...stats.latenciesMs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Ids some other transport received, inside this one's window, that this one never got. */
export function missedIds(stats: TransportStats, all: readonly TransportStats[]): number {
  const first = stats.ids[0];
  const last = stats.lastId;
  if (first === undefined || last === undefined) return 0;
  const mine = new Set(stats.ids);
  const seen = new Set<string>();
  for (const other of all) {
    for (const id of other.ids) {
      if (!mine.has(id) && compareStreamIds(id, first) > 0 && compareStreamIds(id, last) < 0) seen.add(id);
    }
  }
  return seen.size;
}
