// The memory broker's storage for streams and queues: a sorted array of entries with Redis-style ids.
import { compareStreamIds, type StreamEntry } from './broker.ts';

/** Index of the first entry whose id is strictly greater than `afterId` (entries are sorted). */
function firstIndexAfter(entries: StreamEntry[], afterId: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = entries[middle];
    if (entry && compareStreamIds(entry.id, afterId) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An append-only log with Redis-style `<ms>-<seq>` ids that never go backwards, even if the clock does. */
export class MemoryStreamLog {
  readonly entries: StreamEntry[] = [];
  private lastMs = 0;
  private lastSeq = -1;

  append(data: string, maxLen: number): StreamEntry {
    const nowMs = Date.now();
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.lastSeq = 0;
    } else {
      this.lastSeq += 1;
    }
    const entry = { id: `${this.lastMs}-${this.lastSeq}`, data };
    this.entries.push(entry);
    // Trim in chunks like Redis's `MAXLEN ~`, so a full stream does not shift its array on every append.
    const slack = Math.max(16, Math.ceil(maxLen / 8));
    if (this.entries.length > maxLen + slack) this.entries.splice(0, this.entries.length - maxLen);
    return entry;
  }

  readAfter(afterId: string, count: number): StreamEntry[] {
    const start = firstIndexAfter(this.entries, afterId);
    return this.entries.slice(start, start + count);
  }

  dropThrough(id: string): void {
    this.entries.splice(0, firstIndexAfter(this.entries, id));
  }
}
