// What the lab's Book tab measures for one of the three ways a book arrives (JSON, STOMP, Socket.IO):
// the transport's counters plus the book itself, rebuilt and checksum-verified from snapshot and deltas
// (lib/market/book-replica.ts). A plain mutable object the transport writes and the page reads a few
// times a second; nothing here re-renders per message.
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../market/book-replica.ts';
import { ticksToPrice } from '../../market/decimal.ts';
import type { BookDeltaMessage, BookSnapshotMessage } from '../../protocol/messages.ts';
import type { GatewayMessage } from './index-payload.ts';
import type { WireCounters } from './transport-stats.ts';

/** The three codecs that carry books. */
export type BookTransportName = 'ws' | 'stomp' | 'socketio';

/** `waiting`: no book yet on this connection. `live`: verified. `resyncing`: a snapshot is awaited after a gap, mismatch or the gateway's `book.stale`. */
export type BookPhase = 'waiting' | 'live' | 'resyncing';

/** The live counters and book of one transport. */
export interface BookStats extends WireCounters {
  readonly name: BookTransportName;
  readonly symbol: string;
  phase: BookPhase;
  /** The verified book while live. */
  replica: BookReplica | undefined;
  /** Deltas applied (verified). */
  updates: number;
  /** Messages received on the wire (WebSocket messages; while Socket.IO polls, poll answers). */
  frames: number;
  /** Snapshots that replaced a book after a gap, a checksum mismatch or the gateway's own resync. */
  resyncs: number;
  /** Snapshots or deltas whose checksum this page could not reproduce. */
  checksumFailures: number;
  /** Delta ts (the feed's) to applied, in ms, for the last deltas (newest last). */
  latenciesMs: number[];
}

/** What the transport must do after a payload: nothing, or subscribe again for a fresh snapshot. */
export type BookAction = 'none' | 'resync';

const KEEP = 200;

/** Fresh counters for one transport's book. */
export function createBookStats(name: BookTransportName, symbol: string): BookStats {
  return { name, symbol, state: 'connecting', requests: 0, bytes: 0, reconnects: 0, phase: 'waiting', replica: undefined, updates: 0, frames: 0, resyncs: 0, checksumFailures: 0, latenciesMs: [] };
}

/** Back to fresh counters in place (a new run of the same card). */
export function resetBookStats(stats: BookStats): void {
  Object.assign(stats, createBookStats(stats.name, stats.symbol));
}

function isGatewayMessage(value: unknown): value is GatewayMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Applies each book message of a decoded payload (one message or an array, in order). */
export function recordBookPayload(stats: BookStats, payload: unknown, nowMs: number): BookAction {
  let action: BookAction = 'none';
  for (const item of Array.isArray(payload) ? (payload as unknown[]) : [payload]) {
    if (!isGatewayMessage(item) || item.symbol !== stats.symbol) continue;
    let step: BookAction = 'none';
    if (item.type === 'book.snapshot') step = onSnapshot(stats, item as unknown as BookSnapshotMessage);
    else if (item.type === 'book.delta') step = onDelta(stats, item as unknown as BookDeltaMessage, nowMs);
    else if (item.type === 'book.stale') toResyncing(stats);
    if (step === 'resync') action = 'resync';
  }
  return action;
}

/** The connection dropped: the book is gone, and the snapshot of the next subscription is no resync. */
export function markBookDisconnected(stats: BookStats): void {
  stats.replica = undefined;
  stats.phase = 'waiting';
}

function onSnapshot(stats: BookStats, snapshot: BookSnapshotMessage): BookAction {
  const built = bookFromSnapshot(snapshot);
  if (built.status !== 'ok') {
    if (built.status === 'checksum-mismatch') stats.checksumFailures += 1;
    toResyncing(stats);
    return 'resync';
  }
  // A snapshot over a book held (the gateway's conflation) or after a break replaces it: a resync.
  if (stats.phase === 'resyncing' || stats.replica !== undefined) stats.resyncs += 1;
  stats.replica = built.replica;
  stats.phase = 'live';
  return 'none';
}

function onDelta(stats: BookStats, delta: BookDeltaMessage, nowMs: number): BookAction {
  const replica = stats.replica;
  // Before the first snapshot, or while one is awaited: nothing to apply it to.
  if (replica === undefined) return 'none';
  const result = applyDelta(replica, delta);
  switch (result.status) {
    case 'ok':
      stats.updates += 1;
      stats.latenciesMs.push(Math.max(0, nowMs - delta.ts));
      if (stats.latenciesMs.length > KEEP) stats.latenciesMs.shift();
      return 'none';
    case 'stale':
      return 'none';
    case 'other-epoch':
      // The feed's sequence started again: the gateway sends that epoch's snapshot by itself.
      toResyncing(stats);
      return 'none';
    case 'checksum-mismatch':
      stats.checksumFailures += 1;
      toResyncing(stats);
      return 'resync';
    case 'gap':
    case 'invalid':
      toResyncing(stats);
      return 'resync';
  }
}

function toResyncing(stats: BookStats): void {
  stats.replica = undefined;
  stats.phase = 'resyncing';
}

/** The median of the kept latencies, or undefined before the first delta. */
export function medianBookLatencyMs(stats: BookStats): number | undefined {
  if (stats.latenciesMs.length === 0) return undefined;
  const sorted = [...stats.latenciesMs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Best bid and ask of the verified book, as the instrument's price strings. */
export function topOfBook(stats: BookStats): { bid: string | undefined; ask: string | undefined } {
  const replica = stats.replica;
  if (replica === undefined) return { bid: undefined, ask: undefined };
  const bid = replica.book.bestBid();
  const ask = replica.book.bestAsk();
  return { bid: bid === undefined ? undefined : ticksToPrice(bid, replica.instrument), ask: ask === undefined ? undefined : ticksToPrice(ask, replica.instrument) };
}

/** Whether the books agree: all live at the same epoch and seq with the same top of book; else how far apart their seqs are. */
export function bookStep(all: readonly BookStats[]): { inStep: boolean; seqSpread: number | undefined } {
  const replicas = all.map((s) => s.replica);
  if (replicas.length === 0 || replicas.some((r) => r === undefined)) return { inStep: false, seqSpread: undefined };
  const live = replicas as BookReplica[];
  const seqs = live.map((r) => r.seq);
  const seqSpread = Math.max(...seqs) - Math.min(...seqs);
  const tops = all.map((s) => JSON.stringify(topOfBook(s)));
  const inStep = seqSpread === 0 && live.every((r) => r.epoch === live[0]?.epoch && r.checksum === live[0]?.checksum) && tops.every((t) => t === tops[0]);
  return { inStep, seqSpread };
}
