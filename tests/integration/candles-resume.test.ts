// Candles after a drop: the browser's own session (MarketSession, its candles feed and the chart's bar
// merge) loses its socket while the open bar changes, closes and the next one opens; nothing is
// published after it reconnects, so only the gateway's latest candles (sent first on every subscribe,
// from the client's newest bar on) can make its bars current. Its bars must equal the server's. Also
// when it was the node's only subscriber (the channel stays followed), over 1s bars across several
// buckets, and over STOMP's resume-from. Over Redis, each run under its own key prefix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { barFromCandle, mergeLiveBar, type Bar } from '../../lib/client/candle-merge.ts';
import { MarketSession } from '../../lib/client/market-session.ts';
import type { SocketFactory } from '../../lib/client/socket-factory.ts';
import { candlesChannel } from '../../lib/protocol/channels.ts';
import type { CandleMessage, Timeframe } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { rawFrame, RawStompSocket } from '../helpers/stomp-test-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'ETH-USD';
const quiet = { warn: () => undefined, info: () => undefined };

/** The browser's session over `ws`, with a switch that cuts the network: the socket drops and every attempt fails until it is back. */
function startClient(url: string) {
  let isOffline = false;
  let current: WebSocket | undefined;
  const factory: SocketFactory = (target, handlers) => {
    if (isOffline) {
      setTimeout(() => handlers.onClose(1006, 'offline'), 5);
      return { send: () => undefined, close: () => undefined };
    }
    const ws = new WebSocket(target);
    current = ws;
    ws.on('open', () => handlers.onOpen());
    ws.on('message', (data) => handlers.onMessage(data.toString()));
    ws.on('close', (code, reason) => handlers.onClose(code, reason.toString()));
    ws.on('error', () => undefined);
    return { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) };
  };
  const session = new MarketSession({ url, createSocket: factory, backoff: { baseMs: 20, maxMs: 50 } });
  let opens = 0;
  session.socket.onState((change) => {
    if (change.newState === 'open') opens += 1;
  });
  session.start();
  return {
    session,
    opens: () => opens,
    /** The chart's bars for a series: every candle received merged as the chart merges live bars. */
    chart(timeframe: Timeframe): Bar[] {
      const bars: Bar[] = [];
      session.candleFeed(SYMBOL, timeframe).listen((candle) => {
        const bar = barFromCandle(candle);
        if (bar) mergeLiveBar(bars, bar);
      });
      return bars;
    },
    goOffline(): void {
      isOffline = true;
      current?.terminate();
    },
    goOnline(): void {
      isOffline = false;
    },
    stop: () => session.stop(),
  };
}

describe('candles after a drop', () => {
  const prefix = uniquePrefix();
  let h: GatewayHarness;
  let gatewayBroker: Broker;
  const clients: ReturnType<typeof startClient>[] = [];
  const createClient = (): ReturnType<typeof startClient> => {
    const started = startClient(h.url);
    clients.push(started);
    return started;
  };
  before(async () => {
    const feedBroker = createBroker({ redisUrl: TEST_REDIS_URL, prefix, logger: quiet });
    gatewayBroker = createBroker({ redisUrl: TEST_REDIS_URL, prefix, logger: quiet });
    await waitFor('brokers ready', () => feedBroker.state === 'ready' && gatewayBroker.state === 'ready', 10_000);
    h = await startGatewayHarness({ broker: feedBroker, gatewayBroker: () => gatewayBroker, shouldStartFeed: false, symbols: [SYMBOL] });
  });
  after(async () => {
    for (const started of clients) started.stop();
    await h.close();
    await gatewayBroker.close();
    await deleteRedisKeys(prefix);
  });

  /** The feed's side: publishes candles of one series and remembers the newest of each bucket, as the server has them. */
  function series(timeframe: Timeframe, bucketMs: number) {
    const server = new Map<number, CandleMessage>();
    let price = 3000;
    return {
      server,
      async publish(bucket: number, isClosed = false): Promise<void> {
        price += 0.25;
        const known = server.get(bucket * bucketMs);
        const close = price.toFixed(2);
        const candle: CandleMessage = {
          type: 'candle',
          symbol: SYMBOL,
          timeframe,
          openTime: bucket * bucketMs,
          open: known?.open ?? close,
          high: close,
          low: known?.low ?? close,
          close,
          volume: String((known?.trades ?? 0) + 1),
          trades: (known?.trades ?? 0) + 1,
          isClosed,
        };
        server.set(candle.openTime, candle);
        await h.broker.publish(candlesChannel(SYMBOL, timeframe), JSON.stringify(candle));
      },
    };
  }

  const expectedBars = (server: Map<number, CandleMessage>, fromBucketMs: number): Bar[] =>
    [...server.values()].filter((c) => c.openTime >= fromBucketMs).map((c) => barFromCandle(c) as Bar);

  test('the bar that changed and closed while the socket was down, and the one that opened, equal the server’s after the reconnect', async () => {
    const client = createClient();
    const bars = client.chart('1m');
    const feed = series('1m', 60_000);
    await waitFor('subscribed', () => client.opens() === 1);
    await sleep(50);
    await feed.publish(100);
    await feed.publish(100);
    await waitFor('the open bar', () => bars.at(-1)?.close === Number(feed.server.get(100 * 60_000)?.close));

    // The node's only subscriber drops: the channel is kept followed while nobody holds it.
    client.goOffline();
    await waitFor('disconnected', () => client.session.socket.state === 'reconnecting');
    await sleep(50);
    await feed.publish(100);
    await feed.publish(100, true);
    await feed.publish(101);
    await feed.publish(101);
    await sleep(50);
    client.goOnline();
    await waitFor('reconnected', () => client.opens() === 2);
    // Nothing is published from here on: only what the gateway sends on the resubscribe can bring the bars up to date.
    await waitFor('bars current', () => bars.length === 2 && bars.at(-1)?.close === Number(feed.server.get(101 * 60_000)?.close), 5000);
    assert.deepEqual(bars, expectedBars(feed.server, 0));
    assert.equal(bars[0]?.isClosed, true, 'the bar that closed while away is closed');
    client.stop();
  });

  test('1s bars across several buckets closed while away are all current, none stale', async () => {
    const client = createClient();
    const bars = client.chart('1s');
    const feed = series('1s', 1000);
    await waitFor('subscribed', () => client.opens() === 1);
    await sleep(50);
    await feed.publish(500);
    await waitFor('the open bar', () => bars.length === 1);

    client.goOffline();
    await waitFor('disconnected', () => client.session.socket.state === 'reconnecting');
    await sleep(50);
    await feed.publish(500);
    await feed.publish(500, true);
    for (const bucket of [501, 502, 503]) {
      await feed.publish(bucket);
      await feed.publish(bucket, true);
    }
    await feed.publish(504);
    await sleep(50);
    client.goOnline();
    await waitFor('reconnected', () => client.opens() === 2);
    await waitFor('bars current', () => bars.at(-1)?.time === 504, 5000);
    assert.deepEqual(bars, expectedBars(feed.server, 0), 'every bar as the server has it: the one open at the drop closed, the ones in between filled');
    client.stop();
  });

  test('STOMP: a SUBSCRIBE with resume-from gets the closed candles from that bar on, then the open one', async () => {
    const feed = series('5m', 300_000);
    // Someone on the node follows the series (as a chart would have).
    const watcher = createClient();
    watcher.chart('5m');
    await waitFor('subscribed', () => watcher.opens() === 1);
    await sleep(50);
    for (const bucket of [10, 11, 12]) await feed.publish(bucket, true);
    await feed.publish(13);
    await sleep(50);
    const socket = await RawStompSocket.open(h.url);
    socket.send(rawFrame('CONNECT', { 'accept-version': '1.2', host: 'tickwire' }));
    await socket.waitForFrame('CONNECTED');
    socket.send(rawFrame('SUBSCRIBE', { id: 'c-0', destination: `/topic/candles.${SYMBOL}.5m`, 'resume-from': String(11 * 300_000) }));
    const received = (): CandleMessage[] =>
      socket.frames.filter((f) => f.command === 'MESSAGE').flatMap((f) => {
        const parsed = JSON.parse(f.body) as CandleMessage | CandleMessage[];
        return Array.isArray(parsed) ? parsed : [parsed];
      });
    await waitFor('latest candles over STOMP', () => received().length === 3);
    assert.deepEqual(received(), [11, 12, 13].map((bucket) => feed.server.get(bucket * 300_000)));
    socket.close();
    watcher.stop();
  });
});
