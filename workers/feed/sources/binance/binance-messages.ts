// Zod schemas of the Binance spot messages the adapter reads, exactly as documented:
// combined stream envelope, Diff. Depth Stream and Trade Stream
// (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams),
// and the REST order book snapshot GET /api/v3/depth
// (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#order-book).
import { z } from 'zod';

const MAX_LEVELS = 10_000;
const updateId = z.int().nonnegative();
const millis = z.int().nonnegative();

// [price, quantity]; older API versions appended an ignored third element, so extra items are allowed.
const venueLevel = z.tuple([z.string().max(40), z.string().max(40)]).rest(z.unknown());

/** A price level as Binance sends it: decimal strings, quantity absolute (0 removes). */
export type VenueLevel = z.infer<typeof venueLevel>;

/** `{"stream":"<streamName>","data":<rawPayload>}`, the combined stream wrapper. */
export const envelopeSchema = z.object({ stream: z.string().max(100), data: z.unknown() });

/** `<symbol>@depth@100ms`: changes from update id U to u, both inclusive. */
export const depthUpdateSchema = z
  .object({
    e: z.literal('depthUpdate'),
    E: millis,
    s: z.string(),
    U: updateId,
    u: updateId,
    b: z.array(venueLevel).max(MAX_LEVELS),
    a: z.array(venueLevel).max(MAX_LEVELS),
  })
  .refine((update) => update.U <= update.u, { message: 'first update id U is after final update id u' });

/** One validated diff depth event. */
export type DepthUpdate = z.infer<typeof depthUpdateSchema>;

/** `<symbol>@trade`; `m` is true when the buyer was the maker, i.e. the seller was the aggressor. */
export const tradeSchema = z.object({
  e: z.literal('trade'),
  E: millis,
  s: z.string(),
  t: z.int().nonnegative(),
  p: z.string().max(40),
  q: z.string().max(40),
  T: millis,
  m: z.boolean(),
});

/** One validated trade event. */
export type BinanceTrade = z.infer<typeof tradeSchema>;

/** The REST depth snapshot: the book as of update id lastUpdateId. */
export const depthSnapshotSchema = z.object({
  lastUpdateId: updateId,
  bids: z.array(venueLevel).max(MAX_LEVELS),
  asks: z.array(venueLevel).max(MAX_LEVELS),
});

/** One validated REST snapshot. */
export type DepthSnapshot = z.infer<typeof depthSnapshotSchema>;

/** The first schema issue as one line, for bad-input reports. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
