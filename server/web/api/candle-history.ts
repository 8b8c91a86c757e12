// Candle history for charts, read from the database: validated query in, wire candles out.
import { z } from 'zod';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { TIMEFRAME_VALUES, type CandleMessage } from '../../../lib/protocol/messages.ts';
import { priceText, sizeText, type StoredDecimal } from './stored-decimal.ts';

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
  return rows.reverse().map((row) => storedCandleMessage(row, query.tf));
}

/** The stored fields of one candle row. */
export interface StoredCandle {
  symbol: string;
  openTime: Date;
  open: StoredDecimal;
  high: StoredDecimal;
  low: StoredDecimal;
  close: StoredDecimal;
  volume: StoredDecimal;
}

/**
 * A stored candle as the wire prints candles: fixed decimals at the instrument's precision, as the live
 * candles do (a Decimal's toString drops trailing zeros and writes a tiny volume as "1e-8").
 */
export function storedCandleMessage(row: StoredCandle, timeframe: CandleQuery['tf']): CandleMessage {
  return {
    type: 'candle',
    symbol: row.symbol,
    timeframe,
    openTime: row.openTime.getTime(),
    open: priceText(row.open, row.symbol),
    high: priceText(row.high, row.symbol),
    low: priceText(row.low, row.symbol),
    close: priceText(row.close, row.symbol),
    volume: sizeText(row.volume, row.symbol),
    trades: 0,
    isClosed: true,
  };
}
