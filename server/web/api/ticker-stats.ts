// Rolling 24 h statistics of every instrument for GET /api/tickers, folded from the stored 1m candles.
// The feed stores a 1m candle when its minute closes, so the figures are as of the last closed minute
// (each ticker's `to`), at most about a minute and the feed's flush behind.
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { INSTRUMENTS } from '../../../lib/market/instruments.ts';
import { rollingStats, windowStart, type MinuteCandle, type Stats24h } from '../../../lib/market/rolling-stats.ts';
import { priceText, sizeText } from './stored-decimal.ts';

/** One instrument's figures; `stats24h` is null when no candle of the last 24 h is stored. */
export interface Ticker {
  symbol: string;
  stats24h: Stats24h | null;
}

/** Every listed instrument's 24 h figures at `now`, in the instruments' order. */
export async function readTickers(prisma: PrismaClient, now: number): Promise<Ticker[]> {
  const rows = await prisma.candle.findMany({
    where: { timeframe: '1m', openTime: { gte: new Date(windowStart(now)), lte: new Date(now) } },
    select: { symbol: true, openTime: true, open: true, high: true, low: true, close: true, volume: true },
  });
  const bySymbol = new Map<string, MinuteCandle[]>();
  for (const r of rows) {
    const candle: MinuteCandle = {
      openTime: r.openTime.getTime(),
      open: priceText(r.open, r.symbol),
      high: priceText(r.high, r.symbol),
      low: priceText(r.low, r.symbol),
      close: priceText(r.close, r.symbol),
      volume: sizeText(r.volume, r.symbol),
    };
    const list = bySymbol.get(r.symbol);
    if (list) list.push(candle);
    else bySymbol.set(r.symbol, [candle]);
  }
  return INSTRUMENTS.map(({ symbol }) => ({ symbol, stats24h: rollingStats(bySymbol.get(symbol) ?? [], now) }));
}

/** How long one read of the 24 h figures serves every request: they move once a closed minute is stored. */
export const TICKERS_FRESH_MS = 5000;

/** The tickers as of one read at most TICKERS_FRESH_MS old, shared by every request meanwhile (and by the ones waiting on it). */
export function tickerCache(prisma: PrismaClient, freshMs = TICKERS_FRESH_MS): (now: number) => Promise<{ asOf: number; tickers: Ticker[] }> {
  let current: { readAt: number; answer: Promise<{ asOf: number; tickers: Ticker[] }> } | undefined;
  return (now) => {
    if (current === undefined || now - current.readAt >= freshMs) {
      const answer = readTickers(prisma, now).then((tickers) => ({ asOf: now, tickers }));
      const entry = { readAt: now, answer };
      current = entry;
      // A failed read is not kept: the next request reads again.
      answer.catch(() => {
        if (current === entry) current = undefined;
      });
    }
    return current.answer;
  };
}
