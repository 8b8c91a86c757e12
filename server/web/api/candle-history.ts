// Candle history for charts, read from the database: validated query in, wire candles out.
import { z } from 'zod';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { TIMEFRAME_VALUES, type CandleMessage } from '../../../lib/protocol/messages.ts';

const MAX_CANDLES = 2000;

// The end of year 9999 UTC: every time up to it is a valid Date and a valid database timestamp (a larger
// number is not a time at all, and would fail in the query rather than at the boundary).
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const TIME_RANGE = `must be a time in ms since the epoch, 0 to ${MAX_TIME_MS}`;

const timeMsSchema = z.coerce.number({ message: TIME_RANGE }).int(TIME_RANGE).min(0, TIME_RANGE).max(MAX_TIME_MS, TIME_RANGE);

/** `?symbol=&tf=&from=&to=&limit=` — times in ms since the epoch; the newest `limit` candles in the range. */
export const candleQuerySchema = z
  .object({
    symbol: z.string().refine(isKnownSymbol, 'unknown symbol'),
    tf: z.enum(TIMEFRAME_VALUES).exclude(['1s']),
    from: timeMsSchema.optional(),
    to: timeMsSchema.optional(),
    limit: z.coerce.number({ message: `must be 1 to ${MAX_CANDLES}` }).int(`must be 1 to ${MAX_CANDLES}`).min(1, `must be 1 to ${MAX_CANDLES}`).max(MAX_CANDLES, `must be 1 to ${MAX_CANDLES}`).default(500),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'must not be after to', path: ['from'] });
export type CandleQuery = z.infer<typeof candleQuerySchema>;

/** Closed candles in ascending time order. */
export async function readCandles(prisma: PrismaClient, query: CandleQuery): Promise<CandleMessage[]> {
  const rows = await prisma.candle.findMany({
    where: {
      symbol: query.symbol,
      timeframe: query.tf,
      openTime: { gte: query.from === undefined ? undefined : new Date(query.from), lte: query.to === undefined ? undefined : new Date(query.to) },
    },
    orderBy: { openTime: 'desc' },
    take: query.limit,
  });
  return rows.reverse().map((r) => ({
    type: 'candle',
    symbol: r.symbol,
    timeframe: query.tf,
    openTime: r.openTime.getTime(),
    open: r.open.toString(),
    high: r.high.toString(),
    low: r.low.toString(),
    close: r.close.toString(),
    volume: r.volume.toString(),
    trades: 0,
    isClosed: true,
  }));
}
