// Adaptive coalescing for one channel: frames produced in the same tick leave as one array frame,
// a lone frame on a calm channel leaves alone; either way the frame is built once for all subscribers.
import { joinFrames, type SharedFrame } from './shared-frame.ts';

/** Collects a channel's frames until the end of the current tick, then hands over one joined frame. */
export class TickBatcher {
  private pending: SharedFrame[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly onImmediate = (): void => this.flush();

  /** `deliver` gets the joined frame and the frames it was joined from, in order. */
  constructor(private readonly deliver: (frame: SharedFrame, parts: readonly SharedFrame[]) => void) {}

  /** Adds a frame to the current tick's batch. */
  push(frame: SharedFrame): void {
    this.pending.push(frame);
    // setImmediate runs after the I/O callbacks of this loop turn, so one broker read (many deltas) becomes one frame.
    this.scheduled ??= setImmediate(this.onImmediate);
  }

  /** Delivers the batch now, e.g. before a snapshot is taken so no later frame repeats what it holds. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.length === 0) return;
    const frames = this.pending;
    this.pending = [];
    this.deliver(joinFrames(frames), frames);
  }

  /** Drops the batch without delivering it. */
  discard(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
  }
}
