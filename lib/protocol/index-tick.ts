// The composite-index stream entry: what the feed appends to INDEX_STREAM and SSE/polling clients receive.
import { z } from 'zod';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

/** One instrument's quote inside an index tick. */
export const quoteSchema = z.object({
  last: decimal,
  bid: decimal,
  ask: decimal,
  /** Change over the last 24 hours, in percent. */
  changePct: decimal,
});
export type Quote = z.infer<typeof quoteSchema>;

/** One index tick: the index value, its change, and every instrument's quote at that moment. */
export const indexTickSchema = z.object({
  ts: z.number().int().nonnegative(),
  value: decimal,
  changePct: decimal,
  quotes: z.record(z.string(), quoteSchema),
});
export type IndexTick = z.infer<typeof indexTickSchema>;
