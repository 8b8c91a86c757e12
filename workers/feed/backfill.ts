// First-start history so charts are never empty: a day of 1m candles per instrument, walked
// backwards from the price the live feed starts at, plus the coarser frames derived from them.
import { aggregateCandles } from '../../lib/market/aggregate-candles.ts';
import type { Candle } from '../../lib/market/candle.ts';
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { TIMEFRAMES, bucketStart, type Timeframe } from '../../lib/market/timeframes.ts';
import { asLots, asTicks } from '../../lib/market/units.ts';
import { Prng } from './sources/prng.ts';

const MINUTES = 24 * 60;
const DERIVED: Timeframe[] = ['5m', '15m', '1h', '1d'];
const MINUTES_PER_YEAR = 365 * 24 * 60;

/** Builds a day of closed 1m candles ending at the minute before `nowMs`, and their coarser frames. */
export function backfillCandles(inst: Instrument, nowMs: number, endPrice: number, seed: number): Candle[] {
  const prng = new Prng(seed);
  const random = (): number => prng.next();
  const normal = (): number => prng.normal();
  const tick = Number(inst.tickSize);
  const sigma = inst.volatility / Math.sqrt(MINUTES_PER_YEAR);
  const firstMinute = bucketStart(nowMs, '1m') - MINUTES * TIMEFRAMES['1m'];
  // Walk backwards from the live start price, so history meets the live chart without a jump.
  const closes = new Array<number>(MINUTES).fill(endPrice);
  for (let i = MINUTES - 2; i >= 0; i--) closes[i] = (closes[i + 1] ?? endPrice) * Math.exp(sigma * normal());
  const minutes: Candle[] = [];
  let open = closes[0] ?? endPrice;
  for (let i = 0; i < MINUTES; i++) {
    const close = closes[i] ?? open;
    const wick = Math.abs(open - close) * random() + close * sigma * random();
    const high = Math.max(open, close) + wick;
    const low = Math.max(tick, Math.min(open, close) - wick * random());
    minutes.push({
      symbol: inst.symbol,
      timeframe: '1m',
      openTime: firstMinute + i * TIMEFRAMES['1m'],
      open: price(open, inst),
      high: price(high, inst),
      low: price(low, inst),
      close: price(close, inst),
      volume: lotsToSize(asLots(Math.round(minuteVolume(close, random) / Number(inst.lotSize))), inst),
      trades: Math.round(5 + random() * 40),
      isClosed: true,
    });
    open = close;
  }
  return [...minutes, ...DERIVED.flatMap((tf) => aggregateCandles(minutes, tf).filter((c) => c.isClosed))];
}

// $0.5M–$5M traded a minute, in the instrument's base units, so history and live volume look alike.
function minuteVolume(price: number, random: () => number): number {
  return (500_000 + random() * 4_500_000) / price;
}

function price(value: number, inst: Instrument): string {
  return ticksToPrice(asTicks(Math.max(1, Math.round(value / Number(inst.tickSize)))), inst);
}
