// GET /api/tickers' reader against a real (embedded) database: the 24 h figures fold exactly the stored
// 1m candles inside the window, other timeframes and older minutes are not counted, and an instrument
// without candles has none.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { DAY_MS, windowStart } from '../../lib/market/rolling-stats.ts';
import { readTickers, tickerCache } from '../../server/web/api/ticker-stats.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 6, 12, 30, 15);

describe('GET /api/tickers figures', () => {
  let dataDir: string;
  let db: Database;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tickwire-tickers-'));
    db = await openDatabase({ dataDir, migrate: true });
    const start = windowStart(NOW);
    const row = (symbol: string, timeframe: string, openTime: number, o: string, h: string, l: string, c: string, v: string) => ({
      symbol, timeframe, openTime: new Date(openTime), open: o, high: h, low: l, close: c, volume: v,
    });
    await db.prisma.candle.createMany({
      data: [
        row('BTC-USD', '1m', start - MINUTE, '60000.0', '99999.9', '1.0', '60000.0', '50'), // left the window
        row('BTC-USD', '1m', start, '64000.0', '64100.0', '63900.5', '64050.0', '0.5'),
        row('BTC-USD', '1m', start + 700 * MINUTE, '64050.0', '65500.0', '64000.0', '65000.0', '0.00000001'),
        row('BTC-USD', '1m', start + 1438 * MINUTE, '65000.0', '65010.0', '62000.0', '62500.1', '1.25'),
        row('BTC-USD', '1h', start, '1.0', '1000000.0', '0.1', '1.0', '999'), // another timeframe
        row('AAPL', '1m', start - 2 * DAY_MS, '200.00', '201.00', '199.00', '200.50', '10'),
      ],
    });
  });

  after(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('folds the stored 1m candles of the last 24 h, as of the last stored minute', async () => {
    const tickers = await readTickers(db.prisma, NOW);
    const btc = tickers.find((t) => t.symbol === 'BTC-USD');
    assert.deepEqual(btc?.stats24h, {
      open: '64000.0',
      high: '65500.0',
      low: '62000.0',
      last: '62500.1',
      change: '-1499.9',
      changePct: '-2.34',
      volume: '1.75000001',
      // 0.5 × 64050.0 + 0.00000001 × 65000.0 + 1.25 × 62500.1
      quoteVolume: '110150.125650000',
      from: windowStart(NOW),
      to: windowStart(NOW) + 1439 * MINUTE,
    });
  });

  it('lists every instrument, null where no candle is in the window', async () => {
    const tickers = await readTickers(db.prisma, NOW);
    assert.ok(tickers.length >= 8);
    assert.equal(tickers.find((t) => t.symbol === 'AAPL')?.stats24h, null);
    assert.equal(tickers.find((t) => t.symbol === 'ETH-USD')?.stats24h, null);
  });

  it('slides: a day later only the newest minute is left', async () => {
    const later = NOW + DAY_MS - 2 * MINUTE;
    const btc = (await readTickers(db.prisma, later)).find((t) => t.symbol === 'BTC-USD')?.stats24h;
    assert.equal(btc?.high, '65010.0');
    assert.equal(btc?.volume, '1.25000000');
  });

  it('serves one read to every request for 5 s, then reads again', async () => {
    let reads = 0;
    const counting = new Proxy(db.prisma, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'candle') return value;
        return new Proxy(value as object, {
          get(candles, name, inner) {
            const method: unknown = Reflect.get(candles, name, inner);
            if (name !== 'findMany' || typeof method !== 'function') return method;
            return (...args: unknown[]) => {
              reads += 1;
              return (method as (...a: unknown[]) => unknown).apply(candles, args);
            };
          },
        });
      },
    });
    const read = tickerCache(counting, 5000);
    const [first, second] = await Promise.all([read(NOW), read(NOW + 10)]);
    assert.equal(reads, 1, 'requests meanwhile share the one read');
    assert.equal(second, first);
    assert.equal((await read(NOW + 4999)).asOf, NOW);
    assert.equal((await read(NOW + 5000)).asOf, NOW + 5000);
    assert.equal(reads, 2);
  });
});
