// Schemas for what the feed publishes, because a message from the bus is untrusted like any input.
import { z } from 'zod';

const wireLevel = z.tuple([z.string(), z.string()]);
const sequenced = {
  symbol: z.string().min(1).max(16),
  seq: z.number().int().nonnegative(),
  ts: z.number(),
  bids: z.array(wireLevel),
  asks: z.array(wireLevel),
  checksum: z.number().int(),
};

/** A `book.delta` on bookChannel(symbol). */
export const bookDeltaSchema = z.object({ type: z.literal('book.delta'), ...sequenced });

/** A bookChannel(symbol) message: one delta, or one feed tick's deltas as an array in seq order. */
export const bookDeltaBatchSchema = z.union([bookDeltaSchema.transform((delta) => [delta]), z.array(bookDeltaSchema).min(1)]);

/** The BookSnapshot stored under bookSnapshotKey(symbol). */
export const bookSnapshotSchema = z.object(sequenced);

/** A `trade` on tradesChannel(symbol). */
export const tradeSchema = z.object({
  type: z.literal('trade'),
  symbol: z.string().min(1).max(16),
  id: z.string(),
  price: z.string(),
  size: z.string(),
  side: z.enum(['buy', 'sell']),
  ts: z.number(),
});

/** Parses a JSON payload with a schema; undefined when it is not JSON or does not match. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: string): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
