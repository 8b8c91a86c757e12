// The browser's book for one symbol: a reducer over gateway messages on top of the verified
// replica (lib/market/book-replica), deciding when the book is live and when it must be resynced.
import { applyDelta, bookFromSnapshot, type BookReplica } from '../market/book-replica.ts';
import type { BookDeltaMessage, BookSnapshotMessage, BookStaleMessage } from '../protocol/messages.ts';
import { uiText, type UiText } from './ui-text.ts';

/**
 * `waiting`: no book yet. `live`: verified and current. `stale`: the gateway said so, or the
 * connection dropped; the last book is kept for display only. `resyncing`: this client found a gap,
 * a bad checksum or a crossed book and asked for a fresh one.
 */
export type BookStatus = 'waiting' | 'live' | 'stale' | 'resyncing';

export interface BookState {
  readonly symbol: string;
  readonly status: BookStatus;
  /** Advanced in place by deltas: copying a deep book on every one of 200 updates a second is the cost this avoids. */
  readonly replica: BookReplica | undefined;
  /** Why the book is not live. */
  /** Why the book is not live, in the user's words (translated by the page). */
  readonly reason: UiText | undefined;
  /** The depth the gateway serves; a resume must ask for the same. */
  readonly depth: number | undefined;
  /** A resubscribe is in flight: further gaps are its echo, not news. */
  readonly isAwaitingReply: boolean;
  /** Bumped on every change, so a per-frame view knows whether to recompute. */
  readonly version: number;
}

/** What the reducer consumes: the book's messages, the subscribe reply, and a lost connection. */
export type BookEvent =
  | BookSnapshotMessage
  | BookDeltaMessage
  | BookStaleMessage
  | { type: 'subscribed'; depth?: number; replayed?: number }
  | { type: 'disconnected' };

/** What the caller must do next: nothing, resubscribe resuming from the replica's seq, or resubscribe for a snapshot. */
export type ResyncAction = 'none' | 'resume' | 'snapshot';

export interface BookStep {
  state: BookState;
  action: ResyncAction;
}

/** The state before any message. */
export function initialBookState(symbol: string): BookState {
  return { symbol, status: 'waiting', replica: undefined, reason: undefined, depth: undefined, isAwaitingReply: false, version: 0 };
}

/** Applies one event; the returned state is a new object whenever anything visible changed. */
export function reduceBook(state: BookState, event: BookEvent): BookStep {
  switch (event.type) {
    case 'book.snapshot':
      return onSnapshot(state, event);
    case 'book.delta':
      return onDelta(state, event);
    case 'book.stale':
      return keep(next(state, { status: 'stale', reason: uiText('book.reason.serverStale', { detail: event.reason }) }));
    case 'subscribed':
      return keep({ ...state, depth: event.depth ?? state.depth, isAwaitingReply: false });
    case 'disconnected':
      return keep(next(state, { status: state.replica ? 'stale' : 'waiting', reason: uiText('book.reason.connectionLost'), isAwaitingReply: false }));
  }
}

/** Where to resume after a reconnect (the feed epoch and seq of the kept book), when it can be continued. */
export function resumePointOf(state: BookState): { epoch: number; seq: number } | undefined {
  return state.replica && state.depth !== undefined ? { epoch: state.replica.epoch, seq: state.replica.seq } : undefined;
}

function onSnapshot(state: BookState, message: BookSnapshotMessage): BookStep {
  // An older snapshot of the same run (one served to another tab sharing the socket, overtaken by the
  // deltas this tab already applied) would move the book back in time: the deltas after it are here.
  const kept = state.replica;
  if (kept && kept.epoch === message.epoch && message.seq < kept.seq) return keep(state);
  const result = bookFromSnapshot(message);
  if (result.status !== 'ok') return resync(state, uiText('book.reason.badSnapshot', { detail: result.status }), 'snapshot');
  if (result.replica.book.isCrossed()) return resync(state, uiText('book.reason.crossedSnapshot'), 'snapshot');
  return keep(next(state, { status: 'live', replica: result.replica, reason: undefined, isAwaitingReply: false }));
}

function onDelta(state: BookState, message: BookDeltaMessage): BookStep {
  const replica = state.replica;
  // Deltas of a subscription being replaced, or before the first snapshot: nothing to apply them to.
  if (!replica) return keep(state);
  const result = applyDelta(replica, message);
  switch (result.status) {
    case 'ok':
      if (replica.book.isCrossed()) return resync(state, uiText('book.reason.crossedBook'), 'snapshot');
      if (state.status === 'live' || state.isAwaitingReply) return keep(next(state, {}));
      // A verified delta after a resume proves the kept book is current again.
      return keep(next(state, { status: 'live', reason: undefined }));
    case 'stale':
      return keep(state);
    case 'other-epoch':
      // The feed's sequence started again: this book leads nowhere, the snapshot of the new epoch replaces it.
      return resync(state, uiText('book.reason.epochChanged', { from: String(result.epoch), to: String(result.receivedEpoch) }), 'snapshot');
    case 'gap':
      if (state.isAwaitingReply) return keep(state);
      return { state: next(state, { status: 'resyncing', reason: uiText('book.reason.gap', { expected: String(result.expectedSeq), got: String(result.receivedSeq) }), isAwaitingReply: true }), action: 'resume' };
    case 'checksum-mismatch':
      return resync(state, uiText('book.reason.checksumMismatch', { seq: String(result.seq) }), 'snapshot');
    case 'invalid':
      return resync(state, uiText('book.reason.badDelta', { detail: result.error.message }), 'snapshot');
  }
}

// The book can no longer be trusted: drop it (a snapshot replaces it) and say why.
function resync(state: BookState, reason: UiText, action: ResyncAction): BookStep {
  if (state.isAwaitingReply && state.replica === undefined) return keep(state);
  return { state: next(state, { status: 'resyncing', replica: undefined, reason, isAwaitingReply: true }), action };
}

function next(state: BookState, changes: Partial<Omit<BookState, 'symbol' | 'version'>>): BookState {
  return { ...state, ...changes, version: state.version + 1 };
}

function keep(state: BookState): BookStep {
  return { state, action: 'none' };
}
