// One symbol's live book for the page: subscription, reducer, resync requests, and a per-frame view.
import type { Level } from '../market/order-book.ts';
import { hopClockMs } from '../hop-clock.ts';
import { initialBookState, reduceBook, resumePointOf, type BookEvent, type BookState, type BookStatus } from './book-store.ts';
import type { BookTiming } from './book-timing.ts';
import { FrameStore } from './frame-store.ts';
import type { RequestFrame } from './frame-scheduler.ts';
import { Lease } from './lease.ts';
import { keyOf, type Subscribe, type SubscriptionSet } from './subscription-set.ts';
import type { UiText } from './ui-text.ts';

/** Levels a side the page subscribes to (a gateway depth bucket, so a resume asks for the same). */
export const BOOK_DEPTH = 50;

/** What the book components draw: integer levels best-first, and whether they may be shown as live. */
export interface BookView {
  symbol: string;
  status: BookStatus;
  reason: UiText | undefined;
  seq: number | undefined;
  bids: readonly Level[];
  asks: readonly Level[];
}

/** The book of one symbol; messages for it are fed to `handle` by the session. */
export class BookFeed {
  private state: BookState;
  private readonly lease: Lease;
  /** Recomputed at most once per animation frame, however many deltas arrived. */
  readonly view: FrameStore<BookView>;

  constructor(
    readonly symbol: string,
    private readonly subscriptions: SubscriptionSet,
    schedule?: RequestFrame,
    /** With it, the subscription asks for hop times and every delta shown is timed (book-timing.ts). */
    readonly timing?: BookTiming,
  ) {
    this.state = initialBookState(symbol);
    this.view = new FrameStore(() => viewOf(this.state), schedule);
    this.lease = new Lease(() => {
      const release = subscriptions.add(() => this.request());
      return () => {
        release();
        this.setState(initialBookState(symbol));
      };
    });
  }

  /** Subscribes while at least one user holds it; returns the release. */
  acquire(): () => void {
    return this.lease.acquire();
  }

  /**
   * Applies a message (or a lost connection) and asks for a resync when the book cannot be trusted.
   * `receivedAtMs`: when the message's frame arrived, for its hop times.
   */
  handle(event: BookEvent, receivedAtMs?: number): void {
    if (!this.lease.isHeld) return;
    const step = reduceBook(this.state, event);
    this.setState(step.state);
    if (step.action !== 'none') this.subscriptions.resend(keyOf(this.request()));
    else if (event.type === 'book.delta' && receivedAtMs !== undefined) this.timing?.onDelta(event, receivedAtMs);
    if (event.type === 'disconnected') this.timing?.dropPending();
  }

  /** A render showing the current view ran (called after it committed): the deltas it shows get their render time. */
  markRendered(renderedAtMs = hopClockMs()): void {
    this.timing?.onRendered(renderedAtMs);
  }

  private setState(state: BookState): void {
    if (state === this.state) return;
    this.state = state;
    this.view.invalidate();
  }

  // Built at send time: after a reconnect or a gap it resumes from the book it still holds.
  private request(): Subscribe {
    const resume = resumePointOf(this.state);
    return {
      op: 'subscribe',
      channel: 'book',
      symbol: this.symbol,
      depth: BOOK_DEPTH,
      ...(resume === undefined ? {} : { resumeSeq: resume.seq, resumeEpoch: resume.epoch }),
      ...(this.timing ? { timing: true } : {}),
    };
  }
}

function viewOf(state: BookState): BookView {
  const book = state.replica?.book;
  return {
    symbol: state.symbol,
    status: state.status,
    reason: state.reason,
    seq: state.replica?.seq,
    bids: book ? book.top('bid', BOOK_DEPTH) : [],
    asks: book ? book.top('ask', BOOK_DEPTH) : [],
  };
}
