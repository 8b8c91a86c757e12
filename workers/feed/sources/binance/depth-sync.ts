// Keeps one symbol's local book in step with Binance, following "How to manage a local order book
// correctly" (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly):
// buffer diffs, load the REST snapshot, drop buffered diffs with u <= lastUpdateId, require the first
// applied one to have U <= lastUpdateId + 1 <= u, then every next U to be the previous u + 1.
// Anything else discards the book and asks the caller for a new snapshot. Pure: no I/O, no timers.
import type { Instrument } from '../../../../lib/market/instruments.ts';
import type { LevelsEvent, SnapshotEvent } from '../source.ts';
import type { BinanceBadInput } from './bad-input.ts';
import type { DepthSnapshot, DepthUpdate } from './binance-messages.ts';
import { BookView } from './book-view.ts';
import { RegriddedBook } from './regridded-book.ts';

/** Why the book was discarded: only BAD_INPUT comes with a venue message to report. */
export type ResyncReason = 'GAP' | 'STALE_SNAPSHOT' | 'BAD_INPUT' | 'BUFFER_FULL' | 'DISCONNECTED';

/** What the caller must do after feeding the sync a message. */
export type SyncStep =
  | { kind: 'none' }
  | { kind: 'emit'; event: SnapshotEvent | LevelsEvent }
  | { kind: 'resync'; reason: ResyncReason; bad?: BinanceBadInput };

/** Limits of one symbol's sync. */
export interface DepthSyncOptions {
  /** Levels per side shown to the feed. */
  maxLevels: number;
  /** Diffs kept while waiting for a snapshot; more means the snapshot is too slow, so start over. */
  maxBuffered: number;
}

const NONE: SyncStep = { kind: 'none' };

/** The sync state machine of one symbol: `buffering` until a snapshot is loaded, then `live`. */
export class DepthSync {
  private state: 'buffering' | 'live' = 'buffering';
  private buffer: DepthUpdate[] = [];
  private lastUpdateId = 0;
  private hasApplied = false;
  private readonly book: RegriddedBook;
  private readonly view: BookView;

  constructor(
    readonly instrument: Instrument,
    private readonly options: DepthSyncOptions,
  ) {
    this.book = new RegriddedBook(instrument);
    this.view = new BookView(this.book, options.maxLevels);
  }

  /** Whether the book waits for a snapshot. */
  get isBuffering(): boolean {
    return this.state === 'buffering';
  }

  /** Diffs waiting for a snapshot. */
  get bufferedCount(): number {
    return this.buffer.length;
  }

  /** Buffers a diff, or applies it to the live book and returns the view's changes. */
  onDiff(update: DepthUpdate): SyncStep {
    switch (this.state) {
      case 'buffering':
        if (this.buffer.length >= this.options.maxBuffered) return this.discard('BUFFER_FULL');
        this.buffer.push(update);
        return NONE;
      case 'live': {
        const step = this.advance(update, false);
        if (step === 'stale') return NONE;
        if (step !== 'applied') return step;
        const { bids, asks } = this.view.changes();
        if (bids.length === 0 && asks.length === 0) return NONE;
        return { kind: 'emit', event: { type: 'levels', symbol: this.instrument.symbol, ts: update.E, bids, asks } };
      }
    }
  }

  /** Loads a snapshot and the buffered diffs after it; returns the snapshot event to emit. */
  onSnapshot(snapshot: DepthSnapshot, ts: number): SyncStep {
    if (this.state !== 'buffering') return NONE;
    const bad = this.book.replace(snapshot.bids, snapshot.asks);
    if (bad) return this.discard('BAD_INPUT', bad);
    this.state = 'live';
    this.lastUpdateId = snapshot.lastUpdateId;
    this.hasApplied = false;
    const buffered = this.buffer;
    this.buffer = [];
    for (const update of buffered) {
      const step = this.advance(update, true);
      if (step !== 'applied' && step !== 'stale') return step;
    }
    return { kind: 'emit', event: { type: 'snapshot', symbol: this.instrument.symbol, ts, ...this.view.snapshot() } };
  }

  /** Discards the book and buffer and waits for a new snapshot (after a disconnect). */
  reset(): void {
    this.state = 'buffering';
    this.buffer = [];
    this.lastUpdateId = 0;
    this.hasApplied = false;
    this.book.clear();
  }

  // Checks the update ids, then applies; a diff the snapshot already contains (step 4) is `stale`.
  // A first diff that does not reach back to the snapshot means, among the buffered ones, that the
  // snapshot is older than the stream; among live ones, that a diff went missing.
  private advance(update: DepthUpdate, isBuffered: boolean): 'applied' | 'stale' | SyncStep {
    const expected = this.lastUpdateId + 1;
    if (!this.hasApplied) {
      if (update.u < expected) return 'stale';
      if (update.U > expected) return this.discard(isBuffered ? 'STALE_SNAPSHOT' : 'GAP');
    } else if (update.U < expected) {
      return this.discard('BAD_INPUT', { code: 'UPDATE_ID_BACKWARDS', detail: `U ${update.U} after u ${this.lastUpdateId}` });
    } else if (update.U > expected) {
      return this.discard('GAP');
    }
    const bad = this.book.apply(update.b, update.a);
    if (bad) return this.discard('BAD_INPUT', bad);
    this.lastUpdateId = update.u;
    this.hasApplied = true;
    return 'applied';
  }

  private discard(reason: ResyncReason, bad?: BinanceBadInput): SyncStep {
    this.reset();
    return bad ? { kind: 'resync', reason, bad } : { kind: 'resync', reason };
  }
}
