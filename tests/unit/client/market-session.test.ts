import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { MarketSession } from '../../../lib/client/market-session.ts';
import type { OrderEvent } from '../../../lib/protocol/order-events.ts';
import { SyntheticBook } from '../../helpers/synthetic-book.ts';
import { fakeSockets, type FakeConnection } from './fake-socket.ts';

function setup() {
  const sockets = fakeSockets();
  const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, random: () => 0 });
  return { sockets, session };
}

function subscribes(connection: FakeConnection): unknown[] {
  return connection.sent.filter((m) => (m as { op?: string }).op === 'subscribe');
}

describe('market session', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('subscribes a watched book once however many components watch it, and unsubscribes after the last', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    const book = session.book('BTC-USD');
    const releaseA = book.acquire();
    const releaseB = book.acquire();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50 }]);
    releaseA();
    releaseB();
    releaseB();
    assert.deepEqual(sockets.last().sent.at(-1), { op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' });
  });

  it('routes book messages to the book, which goes live on a verified snapshot', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    const book = session.book('BTC-USD');
    book.acquire();
    const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { type: 'book.snapshot', ...feed.snapshot() }]);
    book.view.flush();
    assert.equal(book.view.get().status, 'live');
    assert.deepEqual(book.view.get().bids, [[649_999, 100_000_000]]);
  });

  it('resumes the book from its last seq after a reconnect, and is stale until then', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    const book = session.book('BTC-USD');
    book.acquire();
    const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
    const snapshot = feed.snapshot();
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { type: 'book.snapshot', ...snapshot }]);
    sockets.last().drop();
    book.view.flush();
    assert.equal(book.view.get().status, 'stale');
    mock.timers.tick(0);
    sockets.last().open();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, resumeSeq: snapshot.seq, resumeEpoch: snapshot.epoch }]);
    const delta = feed.change([['64999.8', '1.00000000']], []);
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50, replayed: 1 }, { type: 'book.delta', ...delta }]);
    book.view.flush();
    assert.equal(book.view.get().status, 'live');
  });

  it('asks for a fresh snapshot after a checksum mismatch', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    session.book('BTC-USD').acquire();
    const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
    sockets.last().receive({ type: 'book.snapshot', ...feed.snapshot() });
    sockets.last().receive({ type: 'book.delta', ...feed.change([['64999.8', '1.00000000']], []), checksum: 42 });
    assert.deepEqual(subscribes(sockets.last()).at(-1), { op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50 });
  });

  it('restores trades and candles subscriptions on reconnect and routes their messages', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    const trades: string[] = [];
    const candles: number[] = [];
    session.tradeFeed('ETH-USD').listen((t) => trades.push(t.id));
    session.candleFeed('ETH-USD', '1m').listen((c) => candles.push(c.openTime));
    sockets.last().drop();
    mock.timers.tick(0);
    sockets.last().open();
    assert.deepEqual(subscribes(sockets.last()), [
      { op: 'subscribe', channel: 'trades', symbol: 'ETH-USD' },
      { op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '1m' },
    ]);
    sockets.last().receive([
      { type: 'trade', symbol: 'ETH-USD', id: 't1', price: '3200.05', size: '1', side: 'buy', ts: 1 },
      { type: 'trade', symbol: 'BTC-USD', id: 't2', price: '1', size: '1', side: 'buy', ts: 1 },
      { type: 'candle', symbol: 'ETH-USD', timeframe: '1m', openTime: 60_000, open: '1', high: '1', low: '1', close: '1', volume: '1', trades: 1, isClosed: false },
      { type: 'candle', symbol: 'ETH-USD', timeframe: '5m', openTime: 0, open: '1', high: '1', low: '1', close: '1', volume: '1', trades: 1, isClosed: false },
    ]);
    assert.deepEqual(trades, ['t1']);
    assert.deepEqual(candles, [60_000]);
  });

  it('reports hello, latency from pongs, and order events', () => {
    const { sockets, session } = setup();
    const events: OrderEvent[] = [];
    session.onOrderEvent((e) => events.push(e));
    session.start();
    sockets.last().open();
    sockets.last().receive({ type: 'hello', node: 'gw-1', isAuthenticated: true });
    const ping = sockets.last().sent.find((m) => (m as { op?: string }).op === 'ping') as { id: string; ts: number } | undefined;
    assert.ok(ping, 'a ping goes out on open');
    sockets.last().receive({ type: 'pong', id: ping.id, ts: ping.ts, serverTs: 1 });
    sockets.last().receive({ type: 'balance', cash: '5.00000000', ts: 1 });
    sockets.last().receive({ type: 'order.triggered', orderId: '3', clientOrderId: 'c3', symbol: 'BTC-USD', stopPrice: '65000.0', lastPrice: '65000.1', ts: 2 });
    sockets.last().receive({
      type: 'order.amended', requestId: 'a1', orderId: '4', clientOrderId: 'c4', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC',
      quantity: '0.50000000', price: '64000.0', stopPrice: null, postOnly: false, filledQty: '0.00000000', keptPriority: true, ts: 3,
    });
    const info = session.connection.current;
    assert.equal(info.state, 'open');
    assert.equal(info.node, 'gw-1');
    assert.equal(info.isAuthenticated, true);
    assert.equal(typeof info.latencyMs, 'number');
    assert.deepEqual(events.map((e) => e.type), ['balance', 'order.triggered', 'order.amended']);
  });

  it('drops a link that stops answering pings and reconnects', () => {
    const { sockets, session } = setup();
    session.start();
    sockets.last().open();
    mock.timers.tick(10_000);
    assert.equal(sockets.connections[0]?.closedWith, 4001);
    assert.equal(sockets.connections.length, 2);
  });
});
