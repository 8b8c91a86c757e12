// A candles subscriber first gets the reply, then the latest candles the node kept (current even after
// every subscriber had left), then live ones; a candle of the tick it joins in comes once, not twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { createLogger } from '../../../lib/log.ts';
import { candlesChannel } from '../../../lib/protocol/channels.ts';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { PassthroughHub, type ExpectedShape } from '../../../server/gateway/ingest/passthrough-hub.ts';

const NAME = candlesChannel('BTC-USD', '1m');
const EXPECTED: ExpectedShape = { type: 'candle', symbol: 'BTC-USD', timeframe: '1m' };

const candle = (minute: number, close: string, isClosed = false): string =>
  JSON.stringify({ type: 'candle', symbol: 'BTC-USD', timeframe: '1m', openTime: minute * 60_000, open: '1', high: '9', low: '1', close, volume: '1', trades: 1, isClosed });

/** A subscriber that records the reply and each candle's `minute:close`, in order. */
function subscriber() {
  const got: string[] = [];
  return {
    got,
    announce: () => got.push('subscribed'),
    target: {
      send(frame: SharedFrame) {
        const parsed = JSON.parse(frame.data.toString()) as { openTime: number; close: string } | { openTime: number; close: string }[];
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) got.push(`${m.openTime / 60_000}:${m.close}`);
      },
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
  const hub = new PassthroughHub(broker, createLogger({ level: 'silent', role: 'gateway', nodeId: 'test' }), () => undefined);
  return { broker, hub, close: async () => Promise.all([hub.close(), broker.close()]) };
}

describe('passthrough hub: candles start from the latest candles', () => {
  it('keeps following a channel after its last subscriber left, and starts the next one from where the bar is now', async () => {
    const { broker, hub, close } = setup();
    const first = subscriber();
    hub.addWithLatest(NAME, EXPECTED, first.target, undefined, first.announce);
    await tick();
    await broker.publish(NAME, candle(5, '5.1'));
    await tick();
    assert.deepEqual(first.got, ['subscribed', '5:5.1']);
    hub.remove(NAME, first.target);

    // While nobody on the node holds the channel, the bar changes and closes, and the next one opens.
    await broker.publish(NAME, candle(5, '5.4'));
    await broker.publish(NAME, candle(5, '5.6', true));
    await broker.publish(NAME, candle(6, '6.2'));
    await tick();
    const back = subscriber();
    hub.addWithLatest(NAME, EXPECTED, back.target, 5 * 60_000, back.announce);
    assert.deepEqual(back.got, ['subscribed', '5:5.6', '6:6.2']);
    await broker.publish(NAME, candle(6, '6.3'));
    await tick();
    assert.deepEqual(back.got, ['subscribed', '5:5.6', '6:6.2', '6:6.3']);
    await close();
  });

  it('sends a candle of the tick a subscriber joins in once: to the others first, to it in the latest candles', async () => {
    const { broker, hub, close } = setup();
    const other = subscriber();
    hub.addWithLatest(NAME, EXPECTED, other.target, undefined, other.announce);
    await tick();
    await broker.publish(NAME, candle(7, '7.1'));
    const joiner = subscriber();
    hub.addWithLatest(NAME, EXPECTED, joiner.target, undefined, joiner.announce);
    await tick();
    assert.deepEqual(other.got, ['subscribed', '7:7.1']);
    assert.deepEqual(joiner.got, ['subscribed', '7:7.1']);
    await close();
  });

  it('a cold channel (never followed on this node) starts live only', async () => {
    const { broker, hub, close } = setup();
    await broker.publish(NAME, candle(8, '8.1'));
    const client = subscriber();
    hub.addWithLatest(NAME, EXPECTED, client.target, undefined, client.announce);
    await tick();
    await broker.publish(NAME, candle(8, '8.2'));
    await tick();
    assert.deepEqual(client.got, ['subscribed', '8:8.2']);
    await close();
  });
});
