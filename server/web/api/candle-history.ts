// Candle history for charts, read from the database: validated query in, wire candles out.
import { z } from 'zod';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { TIMEFRAME_VALUES, type CandleMessage } from '../../../lib/protocol/messages.ts';

const MAX_CANDLES = 2000;

/** `?symbol=&tf=&from=&to=&limit=` — times in ms since the epoch; the newest `limit` candles in the range. */
export const candleQuerySchema = z.object({
  symbol: z.string().refine(isKnownSymbol, 'unknown symbol'),
  tf: z.enum(TIMEFRAME_VALUES).exclude(['1s']),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CANDLES).default(500),
});
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
