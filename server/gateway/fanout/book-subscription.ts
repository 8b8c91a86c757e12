// One socket's subscription to one book at one depth, and where it stands in the stream.
import type { ClientOutbox } from './client-outbox.ts';
import type { SharedFrame } from './shared-frame.ts';

/**
 * `waiting`: no usable book yet (syncing or stale), a snapshot comes when there is one.
 * `live`: has a snapshot and receives every delta after it.
 * `conflated`: its socket is congested; deltas are skipped and a fresh snapshot follows the drain.
 */
export type BookSubscriptionState = 'waiting' | 'live' | 'conflated';

/** A client's book subscription; frames go out through its socket's outbox, tagged so they can be dropped. */
export class BookSubscription {
  state: BookSubscriptionState = 'waiting';
  /** Where it stands in its view's fan-out (see PacedFanout). */
  fanoutMark = 0;

  constructor(
    readonly symbol: string,
    /** The depth bucket served. */
    readonly depth: number,
    private readonly outbox: ClientOutbox,
    /** The session's key of this subscription: codecs that address frames (STOMP, Socket.IO) route by it. */
    private readonly route: string,
    /** Whether it asked for hop times (`timing: true`): its live deltas then come from the view's timed lane. */
    readonly timing = false,
  ) {}

  /** Queues a frame of this book on the socket. */
  send(frame: SharedFrame): void {
    this.outbox.send(frame, this, this.route);
  }

  /** Stops deltas and drops any held frames of this book: the socket is congested. */
  conflate(): void {
    this.outbox.dropOwned(this);
    this.state = 'conflated';
  }
}
