// Validates what the feed publishes about a book; a bad broker message is refused here, never trusted inside.
import { z } from 'zod';
import type { BookDelta, BookSnapshot } from '../../lib/market/book-messages.ts';

const level = z.tuple([z.string().max(40), z.string().max(40)]);
const seq = z.number().int().nonnegative();
const bookBody = {
  symbol: z.string().min(1).max(16),
  seq,
  ts: z.number(),
  bids: z.array(level),
  asks: z.array(level),
  checksum: z.number().int().nonnegative(),
};

const deltaSchema = z.object({ type: z.literal('book.delta'), ...bookBody });
const snapshotSchema = z.object(bookBody);

/** A parsed value or the reason it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const deltaBatchSchema = z.union([deltaSchema.transform((delta) => [delta]), z.array(deltaSchema).min(1)]);

/** Parses a payload from `bookChannel(symbol)`: one `book.delta`, or several in seq order as an array (one feed tick). */
export function parseBrokerDeltas(payload: string): Parsed<BookDelta[]> {
  return parseWith(deltaBatchSchema, payload);
}

/** Parses the JSON stored under `bookSnapshotKey(symbol)`. */
export function parseBrokerSnapshot(payload: string): Parsed<BookSnapshot> {
  return parseWith(snapshotSchema, payload);
}

function parseWith<T>(schema: z.ZodType<T>, payload: string): Parsed<T> {
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
