// A tiny external store for useSyncExternalStore: state changes mark it dirty, and its view is
// recomputed and its subscribers told at most once per animation frame.
import { requestFrame, type RequestFrame } from './frame-scheduler.ts';

/** What React reads: a snapshot with a stable identity between flushes, and change notifications. */
export interface ReadableStore<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

/** A view computed from mutable state, flushed once per frame after `invalidate()`. */
export class FrameStore<T> implements ReadableStore<T> {
  private snapshot: T;
  private isScheduled = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly compute: () => T,
    private readonly schedule: RequestFrame = requestFrame,
  ) {
    this.snapshot = compute();
  }

  /** The view as of the last flush. */
  get = (): T => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The state changed: recompute and notify at the next frame (once, however many calls). */
  invalidate(): void {
    if (this.isScheduled) return;
    this.isScheduled = true;
    this.schedule(() => this.flush());
  }

  /** Recomputes and notifies now; for tests and for a change that must show before the next frame. */
  flush(): void {
    this.isScheduled = false;
    this.snapshot = this.compute();
    for (const listener of this.listeners) listener();
  }
}

/** One replaceable value whose subscribers are told at most once per frame. */
export class ValueStore<T> implements ReadableStore<T> {
  private value: T;
  private readonly frames: FrameStore<T>;

  constructor(initial: T, schedule?: RequestFrame) {
    this.value = initial;
    this.frames = new FrameStore(() => this.value, schedule);
  }

  get = (): T => this.frames.get();

  subscribe = (listener: () => void): (() => void) => this.frames.subscribe(listener);

  /** The latest value, possibly not yet flushed to subscribers. */
  get current(): T {
    return this.value;
  }

  set(value: T): void {
    this.value = value;
    this.frames.invalidate();
  }
}
