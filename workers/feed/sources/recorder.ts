// Records SourceEvents to an NDJSON file (one event per line, its own `ts` kept) and defines that
// line format, so a recording made from any source can be replayed by ReplaySource.
import { createWriteStream, type WriteStream } from 'node:fs';
import { z } from 'zod';
import type { SourceEvent } from './source.ts';

const DECIMAL = /^\d+(\.\d+)?$/;
const decimal = z.string().max(40).regex(DECIMAL, 'must be a non-negative decimal string');
const level = z.tuple([decimal, decimal]);
const levels = z.array(level).max(10_000);
const symbol = z.string().min(1).max(32);
const ts = z.number().finite().nonnegative();

const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), symbol, ts, bids: levels, asks: levels }),
  z.object({ type: z.literal('levels'), symbol, ts, bids: levels, asks: levels }),
  z.object({
    type: z.literal('trade'),
    symbol,
    ts,
    id: z.string().min(1).max(64),
    price: decimal,
    size: decimal,
    side: z.enum(['buy', 'sell']),
  }),
]);

/** Why a recording line was refused; stable codes for counting. */
export type RecordingLineError = 'LINE_TOO_LONG' | 'MALFORMED_JSON' | 'INVALID_EVENT';

/** A parsed recording line, or why it was refused. */
export type ParsedRecordingLine = { ok: true; event: SourceEvent } | { ok: false; reason: RecordingLineError; detail: string };

/** Longest line accepted by default: a snapshot of 10,000 levels a side fits well within it. */
export const MAX_RECORDING_LINE_CHARS = 1_000_000;

/** Encodes one event as a recording line (without the newline). */
export function encodeRecordingLine(event: SourceEvent): string {
  return JSON.stringify(event);
}

/** Validates one untrusted recording line into a SourceEvent. */
export function parseRecordingLine(line: string, maxChars = MAX_RECORDING_LINE_CHARS): ParsedRecordingLine {
  if (line.length > maxChars) return { ok: false, reason: 'LINE_TOO_LONG', detail: `${line.length} characters, limit ${maxChars}` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: 'MALFORMED_JSON', detail: error instanceof Error ? error.message : String(error) };
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'INVALID_EVENT', detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, event: parsed.data };
}

/** Appends events to an NDJSON recording; `record` can be passed straight to FeedSource.start. */
export class Recorder {
  private readonly out: WriteStream;
  private failure: Error | undefined;
  private isClosed = false;
  private countValue = 0;

  constructor(readonly file: string) {
    this.out = createWriteStream(file, { flags: 'w', encoding: 'utf8' });
    // Remembered and rethrown by close(), so a full disk is not silently a short recording.
    this.out.on('error', (error) => {
      this.failure ??= error;
    });
  }

  /** Events written so far. */
  get count(): number {
    return this.countValue;
  }

  /** Writes one event; ignored after close(). */
  readonly record = (event: SourceEvent): void => {
    if (this.isClosed) return;
    this.out.write(`${encodeRecordingLine(event)}\n`);
    this.countValue += 1;
  };

  /** Flushes and closes the file; rejects if any write failed. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.isClosed) {
      this.isClosed = true;
      await new Promise<void>((resolve) => this.out.end(resolve));
    }
    if (this.failure) throw this.failure;
  }
}
