// The gateway's book stream end to end: real sockets, a real feed book, every seq, exact books.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { candlesChannel } from '../../lib/protocol/channels.ts';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import type { CandleMessage, MarketMessage } from '../../lib/protocol/messages.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

// GATEWAY_SOAK_MS=60000 for the long run.
const SOAK_MS = Number(process.env.GATEWAY_SOAK_MS ?? 3000);
const SYMBOL = 'BTC-USD';

function isConsecutive(seqs: number[]): boolean {
  return seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] ?? 0) + 1);
}

describe('gateway book stream', () => {
  let h: GatewayHarness;
  before(async () => {
    h = await startGatewayHarness({ symbols: [SYMBOL, 'ETH-USD'] });
  });
  after(async () => {
    await h.close();
  });

  test('sends hello, then subscribed, a snapshot and every following seq', async () => {
    const client = await GatewayTestClient.connect(h.url);
    assert.deepEqual(client.messages[0], { type: 'hello', node: 'test-node', isAuthenticated: false });
    await client.subscribeBook(SYMBOL, 10);
    const snapshot = await client.waitForMessage('snapshot', (m) => m.type === 'book.snapshot');
    assert.equal(snapshot.type === 'book.snapshot' && snapshot.bids.length, 10);
    const subscribed = client.messages.find((m) => m.type === 'subscribed');
    assert.equal(subscribed?.type === 'subscribed' && subscribed.depth, 10);
    for (let i = 0; i < 5; i++) {
      h.feed.step(1);
      await sleep(20);
    }
    await waitFor('caught up', () => client.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL));
    const types = client.messages.map((m) => m.type);
    assert.deepEqual(types.slice(0, 3), ['hello', 'subscribed', 'book.snapshot']);
    assert.deepEqual(client.problems, []);
    // A lone delta on a calm feed leaves at once, as a plain object.
    assert.equal(client.arrayFrames, 0);
    assert.deepEqual(client.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), 10));
    client.close();
  });

  test('keeps every depth bucket exact, gap-free and coalesced through a sustained fast run', async () => {
    const depths = [10, 25, 30, 100, 200];
    const clients = await Promise.all(depths.map(() => GatewayTestClient.connect(h.url)));
    await Promise.all(clients.map((client, i) => client.subscribeBook(SYMBOL, depths[i])));
    await Promise.all(clients.map((client) => waitFor('snapshot', () => client.book(SYMBOL).replica)));
    h.feed.run(20, 5);
    await sleep(SOAK_MS);
    await h.feed.stop();
    await h.feed.start();
    const finalSeq = h.feed.seq(SYMBOL);
    await Promise.all(clients.map((client) => waitFor('client caught up', () => client.book(SYMBOL).replica?.seq === finalSeq, 10_000)));
    const feedBook = h.feed.snapshot(SYMBOL);
    const buckets = [10, 25, 50, 100, 200];
    clients.forEach((client, i) => {
      assert.deepEqual(client.problems, [], `depth ${depths[i]}`);
      const book = client.book(SYMBOL);
      assert.equal(book.snapshots, 1, `one snapshot, then only deltas ${JSON.stringify({ stales: book.stales, stats: h.gateway.stats() })}`);
      assert.ok(isConsecutive(book.seqs), 'gap-free seqs');
      // At least 250 deltas/s even on a loaded 2-core machine (about 1,000/s when it is idle).
      assert.ok(book.seqs.length > SOAK_MS / 4, `many deltas (${book.seqs.length})`);
      assert.deepEqual(client.levels(SYMBOL), topOf(feedBook, buckets[i] ?? 0));
      assert.equal(book.replica?.checksum, feedBook.checksum);
      assert.ok(client.arrayFrames > 0, 'deltas of one tick arrive as one array frame');
      client.close();
    });
  });

  test('forwards trades and candles exactly as the feed published them', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 1, channel: 'trades', symbol: SYMBOL });
    client.send({ op: 'subscribe', id: 2, channel: 'candles', symbol: SYMBOL, timeframe: '1m' });
    await client.waitForMessage('subscribed', (m) => m.type === 'subscribed' && m.id === 2);
    const candle: CandleMessage = { type: 'candle', symbol: SYMBOL, timeframe: '1m', openTime: 60_000, open: '1.0', high: '2.0', low: '0.5', close: '1.5', volume: '3', trades: 2, isClosed: false };
    await h.broker.publish(candlesChannel(SYMBOL, '1m'), JSON.stringify(candle));
    await h.broker.publish(candlesChannel(SYMBOL, '5m'), JSON.stringify({ ...candle, timeframe: '5m' }));
    h.feed.step(400);
    await client.waitForMessage('a trade', (m) => m.type === 'trade' && m.symbol === SYMBOL);
    assert.deepEqual(await client.waitForMessage('candle', (m) => m.type === 'candle'), candle);
    assert.equal(client.messages.filter((m) => m.type === 'candle').length, 1, 'only the subscribed timeframe');
    client.send({ op: 'unsubscribe', id: 3, channel: 'trades', symbol: SYMBOL });
    await client.waitForMessage('unsubscribed', (m) => m.type === 'unsubscribed' && m.id === 3);
    client.close();
  });

  test('answers ping with pong echoing id and ts', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'ping', id: 'p1', ts: 12345 });
    const pong = await client.waitForMessage('pong', (m): m is Extract<MarketMessage, { type: 'pong' }> => m.type === 'pong');
    assert.equal(pong.id, 'p1');
    assert.equal(pong.ts, 12345);
    assert.ok(Math.abs(pong.serverTs - Date.now()) < 5000);
    client.close();
  });

  test('releases the broker subscription when the last subscriber leaves', async () => {
    const client = await GatewayTestClient.connect(h.url);
    await client.subscribeBook('ETH-USD', 10);
    await waitFor('mirror', () => h.gateway.stats().books.includes('ETH-USD'));
    client.send({ op: 'unsubscribe', id: 'u', channel: 'book', symbol: 'ETH-USD' });
    await client.waitForMessage('unsubscribed', (m) => m.type === 'unsubscribed' && m.id === 'u');
    assert.ok(!h.gateway.stats().books.includes('ETH-USD'));
    client.close();
  });
});

describe('gateway shutdown', () => {
  test('closes every socket with the code given to close()', async () => {
    const h = await startGatewayHarness();
    const clients = await Promise.all([1, 2].map(() => GatewayTestClient.connect(h.url)));
    await clients[0]?.subscribeBook(SYMBOL, 10);
    await h.close();
    for (const client of clients) assert.equal((await client.waitForClose()).code, CLOSE_CODES.GOING_AWAY);
  });

  test('close(1012) tells clients the node is restarting', async () => {
    const h = await startGatewayHarness();
    const client = await GatewayTestClient.connect(h.url);
    await h.gateway.close(CLOSE_CODES.SERVICE_RESTART);
    assert.equal((await client.waitForClose()).code, CLOSE_CODES.SERVICE_RESTART);
    await h.close();
  });
});
