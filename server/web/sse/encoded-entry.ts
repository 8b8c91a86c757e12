// One index stream entry, encoded for SSE once per process: the `index` event, and one `quote` event
// per symbol that some client asked for, each built at most once and shared by every client.
import type { StreamEntry } from '../../../lib/broker/broker.ts';
import { hopsSuffix } from '../../../lib/protocol/hops.ts';
import { indexTickSchema, type IndexTick } from '../../../lib/protocol/index-tick.ts';
import { concatChunks, encodeEvent } from './sse-format.ts';

/** A stream id as its two numbers. */
export interface StreamPosition {
  ms: number;
  seq: number;
}

/** Parses `<ms>-<seq>`. */
export function streamPosition(id: string): StreamPosition {
  const dash = id.indexOf('-');
  return { ms: Number(id.slice(0, dash)), seq: Number(id.slice(dash + 1)) };
}

/** Whether `a` comes after `b` in the stream. */
export function isAfter(a: StreamPosition, b: StreamPosition): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.seq > b.seq);
}

/** An entry with its encodings, built lazily and memoised. */
export class EncodedEntry {
  /** The `index` event: the broker's JSON as it is, never re-serialised. */
  readonly index: Uint8Array;
  private readonly quotes = new Map<string, Uint8Array | null>();
  private readonly chunks = new Map<string, Uint8Array>();
  private tick: IndexTick | null | undefined;

  /** The id parsed once, so every client compares numbers, not strings. */
  readonly position: StreamPosition;

  constructor(readonly entry: StreamEntry) {
    this.index = encodeEvent(entry.id, 'index', entry.data);
    this.position = streamPosition(entry.id);
  }

  /** The index event followed by the quote events of `symbols`, as one chunk (cached per symbol list). */
  chunkFor(symbols: readonly string[]): Uint8Array {
    if (symbols.length === 0) return this.index;
    const key = symbols.join(',');
    let chunk = this.chunks.get(key);
    if (!chunk) {
      const parts = [this.index];
      for (const symbol of symbols) {
        const quote = this.quote(symbol);
        if (quote) parts.push(quote);
      }
      chunk = concatChunks(parts);
      this.chunks.set(key, chunk);
    }
    return chunk;
  }

  /**
   * chunkFor(symbols) with hop times in the `index` event: `"hops":[feed ts, read, sent]` before its
   * closing brace. Built per call (the stamps differ): the hub calls it once per entry per timed group.
   */
  timedChunkFor(symbols: readonly string[], readAtMs: number, sentAtMs: number): Uint8Array {
    const tick = this.parsedTick();
    const data = this.entry.data;
    if (!tick || !data.endsWith('}')) return this.chunkFor(symbols);
    const index = encodeEvent(this.entry.id, 'index', data.slice(0, -1) + hopsSuffix(tick.ts, readAtMs, sentAtMs));
    if (symbols.length === 0) return index;
    const parts = [index];
    for (const symbol of symbols) {
      const quote = this.quote(symbol);
      if (quote) parts.push(quote);
    }
    return concatChunks(parts);
  }

  private quote(symbol: string): Uint8Array | null {
    let encoded = this.quotes.get(symbol);
    if (encoded === undefined) {
      const quote = this.parsedTick()?.quotes[symbol];
      encoded = quote ? encodeEvent(this.entry.id, 'quote', JSON.stringify({ symbol, ...quote })) : null;
      this.quotes.set(symbol, encoded);
    }
    return encoded;
  }

  private parsedTick(): IndexTick | null {
    if (this.tick === undefined) {
      // The feed wrote it, but the broker is a boundary: a malformed entry yields no quotes, not a crash.
      try {
        const parsed = indexTickSchema.safeParse(JSON.parse(this.entry.data));
        this.tick = parsed.success ? parsed.data : null;
      } catch {
        this.tick = null;
      }
    }
    return this.tick;
  }
}
