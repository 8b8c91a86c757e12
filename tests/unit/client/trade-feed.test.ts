// The browser's trades feed: history first, then a subscription that resumes after its newest trade;
// a reconnect resumes after the last trade applied, and a repeated or older trade is never shown twice.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { MarketSession } from '../../../lib/client/market-session.ts';
import { RECENT_TRADES, type TradeHistoryLoader } from '../../../lib/client/trade-feed.ts';
import type { TradeMessage } from '../../../lib/protocol/messages.ts';
import { fakeSockets, type FakeConnection } from './fake-socket.ts';

const trade = (id: string): TradeMessage => ({ type: 'trade', symbol: 'ETH-USD', id, price: '3200.05', size: '1', side: 'buy', ts: 1 });

function setup(loadTrades?: TradeHistoryLoader) {
  const sockets = fakeSockets();
  const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, random: () => 0, ...(loadTrades ? { loadTrades } : {}) });
  session.start();
  sockets.last().open();
  return { sockets, session };
}

const subscribes = (connection: FakeConnection): unknown[] => connection.sent.filter((m) => (m as { op?: string }).op === 'subscribe');

describe('trade feed', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('loads the recent trades, then subscribes to resume after the newest of them', async () => {
    const asked: [string, number][] = [];
    const { sockets, session } = setup(async (symbol, limit) => {
      asked.push([symbol, limit]);
      return [trade('100-0'), trade('100-1')];
    });
    const seen: string[] = [];
    session.tradeFeed('ETH-USD').listen((t) => seen.push(t.id));
    assert.deepEqual(subscribes(sockets.last()), [], 'not before the history is in');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked, [['ETH-USD', RECENT_TRADES]]);
    assert.deepEqual(seen, ['100-0', '100-1']);
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'trades', symbol: 'ETH-USD', resumeAfter: '100-1' }]);
  });

  it('resumes after the last trade applied on reconnect, and drops repeats and older trades', () => {
    const { sockets, session } = setup();
    const seen: string[] = [];
    session.tradeFeed('ETH-USD').listen((t) => seen.push(t.id));
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'trades', symbol: 'ETH-USD' }]);
    sockets.last().receive([trade('5-0'), trade('5-1'), trade('7-0')]);
    sockets.last().drop();
    mock.timers.tick(0);
    sockets.last().open();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'trades', symbol: 'ETH-USD', resumeAfter: '7-0' }]);
    sockets.last().receive([trade('7-0'), trade('6-9'), trade('8-0'), trade('10-0')]);
    assert.deepEqual(seen, ['5-0', '5-1', '7-0', '8-0', '10-0']);
  });

  it('hands a listener that joins later the recent trades, at most a tape of them; a failed load still subscribes', async () => {
    const { sockets, session } = setup(() => Promise.reject(new Error('offline')));
    const feed = session.tradeFeed('ETH-USD');
    const release = feed.listen(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'trades', symbol: 'ETH-USD' }]);
    sockets.last().receive(Array.from({ length: RECENT_TRADES + 5 }, (_, i) => trade(`${i + 1}-0`)));
    const late: string[] = [];
    feed.listen((t) => late.push(t.id));
    assert.equal(late.length, RECENT_TRADES);
    assert.equal(late.at(-1), `${RECENT_TRADES + 5}-0`);
    assert.equal(feed.lastTradeId, `${RECENT_TRADES + 5}-0`);
    release();
  });
});
