// The book on the bus: what the feed publishes on bookChannel(symbol) and stores under
// bookSnapshotKey(symbol), with one schema, one encoder and one decoder for both ends. A message from
// the bus is untrusted like any input: a reader decodes it here and drops what does not decode.
import { z } from 'zod';
import type { BookDelta, BookSnapshot } from '../market/book-messages.ts';
import type { Candle } from '../market/candle.ts';
import { TIMEFRAME_NAMES, type Timeframe } from '../market/timeframes.ts';
import type { CandleMessage } from './messages.ts';

const level = z.tuple([z.string().max(40), z.string().max(40)]);
const sequenced = {
  symbol: z.string().min(1).max(16),
  /** A new, higher epoch each time the feed's sequence starts again (restart, failover). */
  epoch: z.number().int().positive(),
  seq: z.number().int().nonnegative(),
  ts: z.number(),
  bids: z.array(level).max(10_000),
  asks: z.array(level).max(10_000),
  checksum: z.number().int().nonnegative(),
};

const deltaSchema = z.object({ type: z.literal('book.delta'), ...sequenced });
// One feed turn's deltas: a lone delta as an object, several as an array in seq order.
const deltaBatchSchema = z.union([deltaSchema.transform((delta) => [delta]), z.array(deltaSchema).min(1).max(10_000)]);
const snapshotSchema = z.object(sequenced);

/** A decoded value, or why the message was refused. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Encodes one turn's deltas of one book (in seq order) as one bookChannel message. */
export function encodeBookDeltas(deltas: readonly BookDelta[]): string {
  const encoded = deltas.map((delta) => JSON.stringify({ type: 'book.delta', ...delta }));
  return encoded.length === 1 ? (encoded[0] ?? '') : `[${encoded.join(',')}]`;
}

/** Decodes a bookChannel message into its deltas, in seq order. */
export function decodeBookDeltas(payload: string): Decoded<BookDelta[]> {
  return decodeWith(deltaBatchSchema, payload);
}

/** Encodes the snapshot stored under bookSnapshotKey(symbol). */
export function encodeBookSnapshot(snapshot: BookSnapshot): string {
  return JSON.stringify(snapshot);
}

/** Decodes a stored snapshot. */
export function decodeBookSnapshot(payload: string): Decoded<BookSnapshot> {
  return decodeWith(snapshotSchema, payload);
}

const decimal = z.string().max(40);
const candleSchema = z.object({
  type: z.literal('candle'),
  symbol: z.string().min(1).max(16),
  timeframe: z.enum(TIMEFRAME_NAMES as [Timeframe, ...Timeframe[]]),
  openTime: z.number().int().nonnegative(),
  open: decimal,
  high: decimal,
  low: decimal,
  close: decimal,
  volume: decimal,
  trades: z.number().int().nonnegative(),
  isClosed: z.boolean(),
});

/** Encodes a candle as the candlesChannel message, which clients receive as it is. */
export function encodeCandle(candle: Candle): string {
  const message: CandleMessage = { type: 'candle', ...candle };
  return JSON.stringify(message);
}

/** Decodes a candlesChannel message: a timeframe's open candle as it grows, or the candle that closed. */
export function decodeCandle(payload: string): Decoded<Candle> {
  const decoded = decodeWith(candleSchema, payload);
  if (!decoded.ok) return decoded;
  const { type: _type, ...candle } = decoded.value;
  return { ok: true, value: candle };
}

function decodeWith<T>(schema: z.ZodType<T>, payload: string): Decoded<T> {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid' };
}
