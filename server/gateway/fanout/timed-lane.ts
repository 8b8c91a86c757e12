// The subscribers of one book view that asked for hop times (`timing: true`), and the frames only they
// get: each live delta's frame with `"hops":[feed, read, sent]` spliced in before its closing brace.
// Stamped and built once per turn for all of them, when the turn's batch leaves (as the plain batch
// does, tick-batcher.ts); the plain frames, their bytes and their path stay exactly as they were.
// Snapshots and replays carry no hops: they tell how long a book waited, not how long a delta took.
import { hopClockMs } from '../../../lib/hop-clock.ts';
import { hopsSuffix } from '../../../lib/protocol/hops.ts';
import { PacedFanout, type FanoutTarget } from './paced-fanout.ts';
import { joinFrames, type SharedFrame } from './shared-frame.ts';

interface PendingDelta {
  /** The plain frame of one delta (a JSON object). */
  readonly frame: SharedFrame;
  readonly feedTs: number;
  readonly readAtMs: number;
}

/** One view's timed subscribers, their batch of the current turn and their own paced fan-out. */
export class TimedLane<T extends FanoutTarget> {
  readonly subscribers = new Set<T>();
  readonly fanout = new PacedFanout(this.subscribers);
  private pending: PendingDelta[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly onImmediate = (): void => this.flush();

  constructor(private readonly clock: () => number = hopClockMs) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a delta's plain frame to the turn's batch, with when the feed made it and when this node read it. */
  push(frame: SharedFrame, feedTs: number, readAtMs: number): void {
    if (this.subscribers.size === 0) return;
    this.pending.push({ frame, feedTs, readAtMs });
    // setImmediate, like the plain batch: one broker read's deltas leave as one frame.
    this.scheduled ??= setImmediate(this.onImmediate);
  }

  /** Stamps the batch with the time it leaves, builds its frame once and fans it out. */
  flush(): void {
    this.cancel();
    if (this.pending.length === 0) return;
    const sentAtMs = this.clock();
    const frames = this.pending.map((delta) => withHops(delta.frame, delta.feedTs, delta.readAtMs, sentAtMs));
    this.pending = [];
    this.fanout.push(joinFrames(frames));
  }

  /** Drops the batch and whatever the fan-out still owes (the subscribers start over from snapshots). */
  reset(): void {
    this.cancel();
    this.pending = [];
    this.fanout.reset();
  }

  private cancel(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }
}

/** A one-message frame with the hops field added as its last field; every byte before it unchanged. */
export function withHops(frame: SharedFrame, feedTs: number, readAtMs: number, sentAtMs: number): SharedFrame {
  const { data } = frame;
  const suffix = Buffer.from(hopsSuffix(feedTs, readAtMs, sentAtMs));
  return { data: Buffer.concat([data.subarray(0, data.length - 1), suffix]), count: 1 };
}
