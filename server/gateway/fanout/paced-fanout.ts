// Writes a view's frames to its live subscribers a slice at a time. Each socket write costs several
// µs, so one frame to thousands of sockets takes milliseconds; a frame that arrives meanwhile joins
// the one still owed to the sockets not yet written, and they get both in one write. The joined
// frame is built once for all of them, and a lone frame on a calm channel still goes out at once.
import { performance } from 'node:perf_hooks';
import { joinFrames, type SharedFrame } from './shared-frame.ts';

/** What the fan-out needs of a subscriber. */
export interface FanoutTarget {
  readonly state: string;
  send(frame: SharedFrame): void;
  /** Position in the fan-out's frame log this subscriber has been given everything before. */
  fanoutMark: number;
}

/** How long one slice may write before the event loop gets a turn (reads new frames, other sockets). */
const SLICE_MS = 1;
/** Subscribers written between two clock reads. */
const CLOCK_EVERY = 32;

export class PacedFanout<T extends FanoutTarget> {
  /** Frames not yet given to every live subscriber; `log[i]` has position `base + i`. */
  private log: SharedFrame[] = [];
  private base = 0;
  /** join(frames from a position to the end), built once per position while the log does not grow. */
  private readonly joined = new Map<number, SharedFrame>();
  private pass: Iterator<T> | undefined;
  /** The log's end when the current pass started: every live subscriber is at least there once it ends. */
  private passFloor = 0;
  private continuation: NodeJS.Immediate | undefined;
  private readonly onContinue = (): void => {
    this.continuation = undefined;
    this.writeSlice();
  };

  constructor(private readonly subscribers: ReadonlySet<T>) {}

  /** Position after the newest frame. */
  get end(): number {
    return this.base + this.log.length;
  }

  /** The subscriber was just brought up to date another way (snapshot, replay): owe it nothing older. */
  markCurrent(target: T): void {
    target.fanoutMark = this.end;
  }

  /** Adds a frame for every live subscriber and starts writing it unless a pass is under way. */
  push(frame: SharedFrame): void {
    this.log.push(frame);
    this.joined.clear();
    if (this.pass) return;
    this.startPass();
    this.writeSlice();
  }

  /** Writes everything owed, now (before a frame that must follow every delta, e.g. `book.stale`). */
  flush(): void {
    this.writeSlice(Infinity);
    this.cancelContinuation();
  }

  /** Forgets what is owed (the subscribers start over from snapshots) and stops writing. */
  reset(): void {
    this.cancelContinuation();
    this.pass = undefined;
    this.base = this.end;
    this.log = [];
    this.joined.clear();
  }

  private startPass(): void {
    this.passFloor = this.end;
    this.pass = this.subscribers.values();
  }

  private writeSlice(budgetMs = SLICE_MS): void {
    const deadline = performance.now() + budgetMs;
    let written = 0;
    while (this.pass) {
      const next = this.pass.next();
      if (next.done) {
        this.endPass();
        continue;
      }
      const target = next.value;
      if (target.state === 'live' && target.fanoutMark < this.end) {
        target.send(this.framesFrom(target.fanoutMark));
        target.fanoutMark = this.end;
      }
      if (++written % CLOCK_EVERY === 0 && performance.now() >= deadline) {
        this.continuation ??= setImmediate(this.onContinue);
        return;
      }
    }
  }

  private endPass(): void {
    this.pass = undefined;
    // Live subscribers now hold everything before passFloor; those passed before a newer frame
    // arrived still owe it, so another pass starts.
    this.log = this.log.slice(this.passFloor - this.base);
    this.base = this.passFloor;
    this.joined.clear();
    if (this.log.length > 0) this.startPass();
  }

  private cancelContinuation(): void {
    if (this.continuation) clearImmediate(this.continuation);
    this.continuation = undefined;
  }

  private framesFrom(position: number): SharedFrame {
    const from = position - this.base;
    if (from === this.log.length - 1) return this.log[from] as SharedFrame;
    let frame = this.joined.get(from);
    if (!frame) {
      frame = joinFrames(this.log.slice(from));
      this.joined.set(from, frame);
    }
    return frame;
  }
}
