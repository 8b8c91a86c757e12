// The recent deltas of one book view, already encoded, so a reconnecting client is replayed what it missed.
import type { SharedFrame } from './shared-frame.ts';

/** A fixed-size ring of consecutive single-delta frames, addressed by sequence number. */
export class FrameRing {
  private readonly frames: (SharedFrame | undefined)[];
  private firstSeq = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.frames = new Array<SharedFrame | undefined>(capacity);
  }

  /** Sequence number of the newest frame, or undefined when empty. */
  get lastSeq(): number | undefined {
    return this.size === 0 ? undefined : this.firstSeq + this.size - 1;
  }

  /** Adds the frame of delta `seq` (≥ 0); a seq that does not follow the last one starts the ring over. */
  push(seq: number, frame: SharedFrame): void {
    if (this.capacity === 0) return;
    if (this.size > 0 && seq !== this.firstSeq + this.size) this.clear();
    if (this.size === 0) this.firstSeq = seq;
    if (this.size === this.capacity) {
      this.firstSeq += 1;
      this.size -= 1;
    }
    this.frames[seq % this.capacity] = frame;
    this.size += 1;
  }

  /** The frames of every delta after `seq`, oldest first; undefined when the ring no longer holds all of them. */
  framesAfter(seq: number): SharedFrame[] | undefined {
    const last = this.lastSeq;
    if (last === undefined || seq < this.firstSeq - 1 || seq > last) return undefined;
    const result: SharedFrame[] = [];
    for (let s = seq + 1; s <= last; s++) {
      const frame = this.frames[s % this.capacity];
      if (!frame) return undefined;
      result.push(frame);
    }
    return result;
  }

  /** Forgets everything (the book was resynced; older deltas no longer lead to it). */
  clear(): void {
    this.frames.fill(undefined);
    this.size = 0;
  }
}
