import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CandleAggregator, TIMEFRAMES, aggregateCandles, type Candle, type Timeframe } from '../../../lib/market/candles.ts';
import { lotsToSize } from '../../../lib/market/decimal.ts';
import { getInstrument, type Instrument } from '../../../lib/market/instruments.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const MINUTE = TIMEFRAMES['1m'];

function aapl(): Instrument {
  const inst = getInstrument('AAPL');
  assert.ok(inst);
  return inst;
}

function lotsOf(lots: number): string {
  return lotsToSize(asLots(lots), aapl());
}

function minuteAggregator(): CandleAggregator {
  return new CandleAggregator(aapl(), ['1m']);
}

// [openTime, open, high, low, close, volume, trades] for compact expectations.
function ohlcv(candle: Candle): [number, string, string, string, string, string, number] {
  return [candle.openTime, candle.open, candle.high, candle.low, candle.close, candle.volume, candle.trades];
}

describe('CandleAggregator', () => {
  it('exports every timeframe with its length', () => {
    assert.deepEqual(TIMEFRAMES, { '1s': 1000, '1m': 60000, '5m': 300000, '15m': 900000, '1h': 3600000, '1d': 86400000 });
  });

  it('continues stored history: the first live candle opens at its last close', () => {
    const candles = minuteAggregator();
    candles.continueFrom(asTicks(19_000)); // 190.00 in AAPL's 0.01 ticks
    candles.addTrade(60_000, asTicks(19_010), asLots(5));
    const [closed] = candles.tick(120_000);
    assert.ok(closed);
    assert.deepEqual(ohlcv(closed), [60_000, '190.00', '190.10', '190.00', '190.10', lotsOf(5), 1]);
  });

  it('continues right after the last stored minute: minutes that passed while starting are emitted flat', () => {
    const candles = minuteAggregator();
    candles.continueFrom(asTicks(19_000), { timeframe: '1m', openTime: 60_000 });
    // The first trade comes two minutes later: 120,000 closes flat, 180,000 holds the trade.
    const closed = [...candles.addTrade(190_000, asTicks(19_010), asLots(5)), ...candles.tick(240_000)];
    assert.deepEqual(closed.map(ohlcv), [
      [120_000, '190.00', '190.00', '190.00', '190.00', lotsOf(0), 0],
      [180_000, '190.00', '190.10', '190.00', '190.10', lotsOf(5), 1],
    ]);
  });

  it('closes a bucket exactly at its boundary', () => {
    const candles = minuteAggregator();
    assert.deepEqual(candles.addTrade(0, asTicks(19000), asLots(1)), []);
    assert.deepEqual(candles.addTrade(59_999, asTicks(19010), asLots(2)), []);
    const closed = candles.addTrade(60_000, asTicks(19005), asLots(3));
    assert.deepEqual(closed.map(ohlcv), [[0, '190.00', '190.10', '190.00', '190.10', '3', 2]]);
    assert.equal(closed[0]?.isClosed, true);
    assert.deepEqual(ohlcv(candles.openCandle('1m') ?? assert.fail('open candle')), [60_000, '190.10', '190.10', '190.05', '190.05', '3', 1]);
  });

  it('closes buckets on clock ticks and fills empty ones flat at the previous close', () => {
    const candles = minuteAggregator();
    candles.addTrade(1_000, asTicks(19000), asLots(5));
    candles.addTrade(2_000, asTicks(18990), asLots(5));
    assert.deepEqual(candles.tick(59_999), []);
    assert.deepEqual(candles.tick(3 * MINUTE + 5).map(ohlcv), [
      [0, '190.00', '190.00', '189.90', '189.90', '10', 2],
      [MINUTE, '189.90', '189.90', '189.90', '189.90', '0', 0],
      [2 * MINUTE, '189.90', '189.90', '189.90', '189.90', '0', 0],
    ]);
    assert.equal(candles.openCandle('1m')?.openTime, 3 * MINUTE);
  });

  it('emits nothing before the first trade', () => {
    const candles = minuteAggregator();
    assert.deepEqual(candles.tick(10 * MINUTE), []);
    assert.equal(candles.openCandle('1m'), undefined);
  });

  it('folds a late trade into the open candle without moving its close or rewriting history', () => {
    const candles = minuteAggregator();
    candles.addTrade(1_000, asTicks(19000), asLots(1));
    const closed = candles.addTrade(MINUTE + 1_000, asTicks(19002), asLots(1));
    assert.equal(closed.length, 1);
    assert.deepEqual(candles.addTrade(30_000, asTicks(19050), asLots(4)), [], 'no candle is re-emitted');
    assert.deepEqual(ohlcv(candles.openCandle('1m') ?? assert.fail('open candle')), [MINUTE, '190.00', '190.50', '190.00', '190.02', '5', 2]);
    assert.deepEqual(candles.tick(2 * MINUTE).map(ohlcv), [[MINUTE, '190.00', '190.50', '190.00', '190.02', '5', 2]]);
  });

  it('accepts wire trades and refuses malformed ones without changing anything', () => {
    const candles = minuteAggregator();
    assert.deepEqual(candles.addWireTrade({ ts: 0, price: '190.00', size: '7' }), []);
    assert.equal(candles.addWireTrade({ ts: MINUTE, price: '190.001', size: '7' }), null);
    assert.equal(candles.addWireTrade({ ts: MINUTE, price: '190.00', size: '-7' }), null);
    assert.equal(candles.openCandle('1m')?.volume, '7');
    assert.equal(candles.openCandle('1m')?.openTime, 0);
  });

  it('never emits a candle older than the last one, and stays gap-free, whatever the order of input', () => {
    const step = fc.record({
      isTrade: fc.boolean(),
      dtMs: fc.integer({ min: -120_000, max: 200_000 }),
      price: fc.integer({ min: 18_000, max: 20_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 200 }), (steps) => {
        const frames: Timeframe[] = ['1s', '1m', '5m'];
        const candles = new CandleAggregator(aapl(), frames);
        const last = new Map<Timeframe, number>();
        let clock = 1_000_000;
        for (const { isTrade, dtMs, price } of steps) {
          const ts = clock + dtMs;
          if (dtMs > 0) clock = ts;
          for (const candle of isTrade ? candles.addTrade(ts, asTicks(price), asLots(1)) : candles.tick(ts)) {
            const previous = last.get(candle.timeframe);
            if (previous !== undefined) assert.equal(candle.openTime, previous + TIMEFRAMES[candle.timeframe], 'next bucket');
            last.set(candle.timeframe, candle.openTime);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('CandleAggregator.resume (a standby feed taking over)', () => {
  const frames: Timeframe[] = ['1s', '1m', '5m'];
  const step = fc.record({ isTrade: fc.boolean(), dtMs: fc.integer({ min: 0, max: 90_000 }), price: fc.integer({ min: 18_000, max: 20_000 }) });
  type Step = { isTrade: boolean; dtMs: number; price: number };

  // Runs steps from `clock`, returning the closed candles and the newest candle of each frame as a
  // follower on the bus keeps it (closed ones, then the open one, are published after each step).
  function run(aggregator: CandleAggregator, steps: readonly Step[], clock: number, seen = new Map<Timeframe, Candle>()) {
    const closed: Candle[] = [];
    for (const { isTrade, dtMs, price } of steps) {
      clock += dtMs;
      const emitted = isTrade ? aggregator.addTrade(clock, asTicks(price), asLots(1)) : aggregator.tick(clock);
      closed.push(...emitted);
      for (const candle of emitted) seen.set(candle.timeframe, candle);
      for (const frame of frames) {
        const open = aggregator.openCandle(frame);
        if (open) seen.set(frame, open);
      }
    }
    return { closed, seen, clock };
  }

  it('carries on from the open candles it saw exactly as the old leader would have: no closed bar missing or doubled', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), fc.array(step, { minLength: 1, maxLength: 80 }), (before, after) => {
        const leader = new CandleAggregator(aapl(), frames);
        const { seen, clock } = run(leader, before, 1_000_000);
        const standby = new CandleAggregator(aapl(), frames);
        for (const candle of seen.values()) assert.equal(standby.resume(candle), true);
        const expected = run(leader, after, clock).closed;
        const actual = run(standby, after, clock).closed;
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 200 },
    );
  });

  it('after a closed candle (the leader died before publishing the next one), emits nothing at or before it, then stays gap-free', () => {
    const standby = minuteAggregator();
    const closed: Candle = { symbol: 'AAPL', timeframe: '1m', openTime: 60_000, open: '190.00', high: '191.00', low: '189.00', close: '190.50', volume: lotsOf(3), trades: 3, isClosed: true };
    assert.equal(standby.resume(closed), true);
    assert.deepEqual(standby.tick(119_999), []);
    const emitted = standby.tick(240_000);
    assert.deepEqual(emitted.map(ohlcv), [
      [120_000, '190.50', '190.50', '190.50', '190.50', lotsOf(0), 0],
      [180_000, '190.50', '190.50', '190.50', '190.50', lotsOf(0), 0],
    ]);
  });

  it('refuses a candle off the price grid without changing anything', () => {
    const standby = minuteAggregator();
    const bad: Candle = { symbol: 'AAPL', timeframe: '1m', openTime: 60_000, open: '190.001', high: '191', low: '189', close: '190', volume: lotsOf(1), trades: 1, isClosed: false };
    assert.equal(standby.resume(bad), false);
    assert.deepEqual(standby.tick(600_000), []);
  });
});

describe('aggregateCandles', () => {
  // Two and a half hours of trades (none late) through an aggregator tracking 1m, 5m and 1h.
  function history(): { oneMinute: Candle[]; direct: Map<Timeframe, Candle[]> } {
    const candles = new CandleAggregator(aapl(), ['1m', '5m', '1h']);
    const emitted: Candle[] = [];
    let state = 7;
    let price = 19000;
    for (let ts = 0; ts < 150 * MINUTE; ts += 7_000) {
      state = (state * 48271) % 2147483647;
      price = Math.max(100, price + (state % 21) - 10);
      // Seven quiet minutes in every 35, so flat 1m and 5m candles take part too.
      const isQuiet = Math.floor(ts / (7 * MINUTE)) % 5 === 4;
      if (!isQuiet) emitted.push(...candles.addTrade(ts, asTicks(price), asLots(1 + (state % 50))));
    }
    emitted.push(...candles.tick(150 * MINUTE + 30_000));
    const open = candles.openCandle('1m');
    assert.ok(open);
    const byFrame = (timeframe: Timeframe): Candle[] => emitted.filter((c) => c.timeframe === timeframe);
    return {
      oneMinute: [...byFrame('1m'), open],
      direct: new Map([['5m', byFrame('5m')], ['1h', byFrame('1h')]] as const),
    };
  }

  it('derives 5m and 1h candles identical to the ones aggregated from trades', () => {
    const { oneMinute, direct } = history();
    for (const timeframe of ['5m', '1h'] as const) {
      const derived = aggregateCandles(oneMinute, timeframe);
      const closed = derived.filter((candle) => candle.isClosed);
      assert.deepEqual(closed, direct.get(timeframe), timeframe);
      if (timeframe === '5m') assert.ok(closed.some((candle) => candle.trades === 0), 'a flat 5m candle is covered');
      assert.equal(derived.at(-1)?.isClosed, false, `the ${timeframe} bucket still open is not closed`);
    }
  });

  it('keeps 1m candles as they are', () => {
    const { oneMinute } = history();
    assert.deepEqual(aggregateCandles(oneMinute, '1m'), oneMinute);
  });

  it('refuses finer frames and unordered input', () => {
    const { oneMinute } = history();
    assert.throws(() => aggregateCandles(oneMinute, '1s'), RangeError);
    assert.throws(() => aggregateCandles([...oneMinute].reverse(), '5m'), RangeError);
  });
});
