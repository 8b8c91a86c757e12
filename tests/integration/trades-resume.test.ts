// Trades history and resume: a client that reconnects with the last trade id it applied gets exactly the
// trades it missed, then the live ones, none doubled or missing (with trades arriving all along, and
// with or without another subscriber holding the channel on the node); GET /api/trades' reader is bounded
// and refuses bad queries with 400.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tradesStream } from '../../lib/protocol/channels.ts';
import type { SubscribedMessage, TradeMessage } from '../../lib/protocol/messages.ts';
import { encodeTradeEntry, TRADES_KEPT } from '../../lib/protocol/trade-entry.ts';
import { badRequest } from '../../server/web/api/bad-request.ts';
import { readTrades, tradeQuerySchema } from '../../server/web/api/trade-history.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient } from '../helpers/gateway-test-client.ts';
import { rawFrame, RawStompSocket } from '../helpers/stomp-test-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'ETH-USD';

describe('trades history and resume', () => {
  let h: GatewayHarness;
  let price = 3000;
  before(async () => {
    h = await startGatewayHarness({ shouldStartFeed: false, symbols: [SYMBOL] });
  });
  after(async () => {
    await h.close();
  });

  /** Appends one trade as the feed does and returns its id. */
  function appendTrade(): Promise<string> {
    price += 0.01;
    const trade = { type: 'trade' as const, symbol: SYMBOL, price: price.toFixed(2), size: '0.1000', side: 'buy' as const, ts: Date.now() };
    return h.broker.append(tradesStream(SYMBOL), encodeTradeEntry(trade), { maxLen: TRADES_KEPT, publish: true });
  }

  /** Appends trades every millisecond until stopped; resolves with their ids. */
  function keepTrading(): { stop: () => Promise<string[]> } {
    const ids: string[] = [];
    let isRunning = true;
    const loop = (async () => {
      while (isRunning) {
        ids.push(await appendTrade());
        await sleep(1);
      }
    })();
    return {
      stop: async () => {
        isRunning = false;
        await loop;
        return ids;
      },
    };
  }

  const tradeIds = (client: GatewayTestClient): string[] => client.messages.filter((m): m is TradeMessage => m.type === 'trade').map((m) => m.id);

  for (const withKeeper of [false, true]) {
    test(`a resumed client gets exactly the missed trades, then the live ones (${withKeeper ? 'channel held by another client' : 'first subscriber on the node'})`, async () => {
      const keeper = withKeeper ? await GatewayTestClient.connect(h.url) : undefined;
      keeper?.send({ op: 'subscribe', id: 'k', channel: 'trades', symbol: SYMBOL });
      if (keeper) await keeper.waitForMessage('keeper subscribed', (m) => m.type === 'subscribed');

      const first = await GatewayTestClient.connect(h.url);
      first.send({ op: 'subscribe', id: 1, channel: 'trades', symbol: SYMBOL });
      await first.waitForMessage('subscribed', (m) => m.type === 'subscribed');
      const seen: string[] = [];
      for (let i = 0; i < 5; i += 1) seen.push(await appendTrade());
      await waitFor('first has its trades', () => tradeIds(first).length === 5);
      assert.deepEqual(tradeIds(first), seen);
      const lastApplied = seen.at(-1) ?? '';
      first.close();

      const missedWhileAway: string[] = [];
      for (let i = 0; i < 7; i += 1) missedWhileAway.push(await appendTrade());
      // Trades keep coming while the client resumes: the read and the live tail overlap.
      const trading = keepTrading();
      await sleep(5);
      const second = await GatewayTestClient.connect(h.url);
      second.send({ op: 'subscribe', id: 2, channel: 'trades', symbol: SYMBOL, resumeAfter: lastApplied });
      const subscribed = (await second.waitForMessage('subscribed', (m) => m.type === 'subscribed')) as SubscribedMessage;
      await sleep(30);
      const during = await trading.stop();
      const after: string[] = [];
      for (let i = 0; i < 3; i += 1) after.push(await appendTrade());

      const expected = [...missedWhileAway, ...during, ...after];
      await waitFor('second has every trade', () => tradeIds(second).length >= expected.length);
      await sleep(20);
      assert.deepEqual(tradeIds(second), expected, 'every trade after the last applied one, once, in order');
      assert.ok(subscribed.replayed !== undefined && subscribed.replayed >= missedWhileAway.length, `replayed ${subscribed.replayed}`);
      const replyAt = second.messages.indexOf(subscribed);
      assert.ok(second.messages.slice(0, replyAt).every((m) => m.type !== 'trade'), 'the reply comes before the replayed trades');
      if (keeper) assert.ok(tradeIds(keeper).length >= expected.length, 'the other subscriber kept getting live trades');
      second.close();
      keeper?.close();
    });
  }

  test('a client already current gets replayed 0 and only live trades; a subscribe without resumeAfter has no replayed', async () => {
    const last = await appendTrade();
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 'r', channel: 'trades', symbol: SYMBOL, resumeAfter: last });
    const subscribed = (await client.waitForMessage('subscribed', (m) => m.type === 'subscribed')) as SubscribedMessage;
    assert.equal(subscribed.replayed, 0);
    const next = await appendTrade();
    await waitFor('live trade', () => tradeIds(client).length === 1);
    assert.deepEqual(tradeIds(client), [next]);

    const plain = await GatewayTestClient.connect(h.url);
    plain.send({ op: 'subscribe', id: 'p', channel: 'trades', symbol: SYMBOL });
    const plainReply = (await plain.waitForMessage('subscribed', (m) => m.type === 'subscribed')) as SubscribedMessage;
    assert.equal(plainReply.replayed, undefined);
    client.close();
    plain.close();
  });

  test('a resume point older than what the feed keeps replays at most what it keeps; a bad one is refused', async () => {
    const client = await GatewayTestClient.connect(h.url);
    client.send({ op: 'subscribe', id: 'old', channel: 'trades', symbol: SYMBOL, resumeAfter: '0-0' });
    const subscribed = (await client.waitForMessage('subscribed', (m) => m.type === 'subscribed')) as SubscribedMessage;
    const kept = await h.broker.readLatest(tradesStream(SYMBOL), TRADES_KEPT);
    assert.equal(subscribed.replayed, kept.length);
    await waitFor('replayed trades', () => tradeIds(client).length === kept.length);
    assert.deepEqual(tradeIds(client), kept.map((entry) => entry.id));

    client.send({ op: 'subscribe', id: 'bad', channel: 'trades', symbol: SYMBOL, resumeAfter: 'yesterday' });
    const error = await client.waitForMessage('refusal', (m) => m.type === 'error' && m.id === 'bad');
    assert.equal(error.type === 'error' && error.code, 'BAD_MESSAGE');
    client.close();
  });

  test('STOMP resumes a trades subscription after its resume-after header', async () => {
    const last = await appendTrade();
    const missed = [await appendTrade(), await appendTrade()];
    const socket = await RawStompSocket.open(h.url);
    socket.send(rawFrame('CONNECT', { 'accept-version': '1.2', host: 'tickwire' }));
    await socket.waitForFrame('CONNECTED');
    socket.send(rawFrame('SUBSCRIBE', { id: 't-0', destination: `/topic/trades.${SYMBOL}`, 'resume-after': last }));
    const ids = (): string[] =>
      socket.frames
        .filter((f) => f.command === 'MESSAGE')
        .flatMap((f) => {
          const parsed = JSON.parse(f.body) as TradeMessage | TradeMessage[];
          return (Array.isArray(parsed) ? parsed : [parsed]).map((m) => m.id);
        });
    await waitFor('missed trades over STOMP', () => ids().length === missed.length);
    const live = await appendTrade();
    await waitFor('live trade over STOMP', () => ids().length === missed.length + 1);
    assert.deepEqual(ids(), [...missed, live]);
    socket.close();
  });

  test('GET /api/trades reads the newest trades, bounded, oldest first, with the ids a subscription resumes after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push(await appendTrade());
    const newest = await readTrades(h.broker, tradeQuerySchema.parse({ symbol: SYMBOL, limit: '3' }));
    assert.deepEqual(newest.map((t) => t.id), ids.slice(1));
    assert.deepEqual(Object.keys(newest[0] ?? {}).sort(), ['id', 'price', 'side', 'size', 'symbol', 'ts', 'type']);
    assert.equal(tradeQuerySchema.parse({ symbol: SYMBOL }).limit, 100);
    assert.deepEqual(await readTrades(h.broker, tradeQuerySchema.parse({ symbol: 'BTC-USD', limit: '10' })), []);
    assert.equal((await readTrades(h.broker, tradeQuerySchema.parse({ symbol: SYMBOL, limit: '1000' }))).length <= TRADES_KEPT + 100, true);

    for (const [query, message] of [
      [{ symbol: SYMBOL, limit: '1001' }, 'limit: must be 1 to 1000'],
      [{ symbol: SYMBOL, limit: '0' }, 'limit: must be 1 to 1000'],
      [{ symbol: SYMBOL, limit: 'ten' }, 'limit: must be 1 to 1000'],
      [{ symbol: 'NOPE-USD' }, 'symbol: unknown symbol'],
      [{}, 'symbol: Invalid input: expected string, received undefined'],
    ] as const) {
      const parsed = tradeQuerySchema.safeParse(query);
      assert.equal(parsed.success, false, JSON.stringify(query));
      if (parsed.success) continue;
      const response = badRequest(parsed.error);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'bad_request', message });
    }
  });
});
