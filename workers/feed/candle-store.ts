// Writes closed candles to the database in batches and reads the newest stored one.
import type { Candle } from '../../lib/market/candle.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';

/** Buffers closed candles and writes them in one statement per flush. */
export class CandleStore {
  private pending: Candle[] = [];

  constructor(private readonly prisma: PrismaClient) {}

  /** Queues a closed candle for the next flush. */
  add(candle: Candle): void {
    this.pending.push(candle);
  }

  /** Writes what is queued; a candle already stored (same symbol, frame and time) is kept as it was. */
  async flush(): Promise<number> {
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    try {
      const result = await this.prisma.candle.createMany({ data: batch.map(toRow), skipDuplicates: true });
      return result.count;
    } catch (error) {
      // Keep them for the next attempt (database briefly unavailable); bounded so memory cannot grow forever.
      this.pending = [...batch, ...this.pending].slice(-50_000);
      throw error;
    }
  }

  /** Stored 1m closes of a symbol since a time, oldest first. */
  async minuteCloses(symbol: string, sinceMs: number): Promise<{ openTime: number; close: string }[]> {
    const rows = await this.prisma.candle.findMany({
      where: { symbol, timeframe: '1m', openTime: { gte: new Date(sinceMs) } },
      orderBy: { openTime: 'asc' },
      select: { openTime: true, close: true },
    });
    return rows.map((r) => ({ openTime: r.openTime.getTime(), close: r.close.toString() }));
  }

  /** Open time of the newest stored 1m candle of a symbol, or null if there is none. */
  async newestMinute(symbol: string): Promise<number | null> {
    const row = await this.prisma.candle.findFirst({ where: { symbol, timeframe: '1m' }, orderBy: { openTime: 'desc' }, select: { openTime: true } });
    return row ? row.openTime.getTime() : null;
  }
}

function toRow(c: Candle) {
  return { symbol: c.symbol, timeframe: c.timeframe, openTime: new Date(c.openTime), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}
