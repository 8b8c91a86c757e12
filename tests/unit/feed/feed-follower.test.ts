// A standby feed's view of the leader's candles: the newest of each frame to carry on from, and the
// newest closed one besides when the leader may have died before writing it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import type { Candle } from '../../../lib/market/candle.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { encodeCandle } from '../../../lib/protocol/bus.ts';
import { candlesChannel } from '../../../lib/protocol/channels.ts';
import { FeedFollower } from '../../../workers/feed/feed-follower.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const logger = pino({ level: 'silent' });

function minute(openTime: number, isClosed: boolean, close = '190.00'): Candle {
  return { symbol: 'AAPL', timeframe: '1m', openTime, open: '190.00', high: close, low: '190.00', close, volume: '1', trades: 1, isClosed };
}

describe('FeedFollower', () => {
  it('carries over the newest candle of a frame, with the closed one before it, and drops malformed ones', async () => {
    const broker = new MemoryBroker({ logger });
    const aapl = getInstrument('AAPL');
    assert.ok(aapl);
    const follower = new FeedFollower(broker, logger, [aapl]);
    await follower.start();
    const publish = (payload: string): Promise<void> => broker.publish(candlesChannel('AAPL', '1m'), payload);
    await publish(encodeCandle(minute(60_000, false)));
    await publish(encodeCandle(minute(60_000, true, '190.50')));
    await publish(encodeCandle(minute(120_000, false, '190.60')));
    await publish('{"type":"candle","symbol":"AAPL"}');
    // An open candle published late (reordered) never replaces a newer one.
    await publish(encodeCandle(minute(60_000, false)));
    await waitFor('the candles', () => follower.carryover().candles.length === 2);
    assert.deepEqual(follower.carryover().candles, [minute(60_000, true, '190.50'), minute(120_000, false, '190.60')]);

    // Once the newest is the closed one itself, it is carried over once.
    await publish(encodeCandle(minute(120_000, true, '190.70')));
    await waitFor('the close', () => follower.carryover().candles.some((c) => c.openTime === 120_000 && c.isClosed));
    assert.deepEqual(follower.carryover().candles, [minute(120_000, true, '190.70')]);
    await follower.close();
    await broker.close();
  });
});
