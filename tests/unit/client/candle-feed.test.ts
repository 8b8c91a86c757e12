// The browser's candles feed: every resubscribe after a reconnect resumes from the newest bar received
// (so the gateway makes it current), a fresh subscription starts afresh, and a listener that joins a
// running subscription gets the newest bars first.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { keepNewest } from '../../../lib/client/candle-feed.ts';
import { MarketSession } from '../../../lib/client/market-session.ts';
import type { CandleMessage } from '../../../lib/protocol/messages.ts';
import { fakeSockets, type FakeConnection } from './fake-socket.ts';

const MINUTE = 60_000;
const candle = (minute: number, close: string, isClosed = false): CandleMessage => ({
  type: 'candle',
  symbol: 'ETH-USD',
  timeframe: '1m',
  openTime: minute * MINUTE,
  open: '1',
  high: '9',
  low: '1',
  close,
  volume: '1',
  trades: 1,
  isClosed,
});

function setup() {
  const sockets = fakeSockets();
  const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, random: () => 0 });
  session.start();
  sockets.last().open();
  return { sockets, session };
}

const subscribes = (connection: FakeConnection): unknown[] => connection.sent.filter((m) => (m as { op?: string }).op === 'subscribe');
const shown = (candles: CandleMessage[]): string[] => candles.map((c) => `${c.openTime / MINUTE}:${c.close}${c.isClosed ? ' closed' : ''}`);

describe('candle feed', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('subscribes without a resume point, then resumes from the newest bar after every reconnect', () => {
    const { sockets, session } = setup();
    session.candleFeed('ETH-USD', '1m').listen(() => undefined);
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '1m' }]);
    sockets.last().receive([candle(4, '4.9', true), candle(5, '5.1')]);
    sockets.last().drop();
    mock.timers.tick(0);
    sockets.last().open();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '1m', resumeFrom: 5 * MINUTE }]);
    // The gateway's answer: the bar that closed meanwhile, then the open one.
    sockets.last().receive([candle(5, '5.6', true), candle(6, '6.2')]);
    sockets.last().drop();
    mock.timers.tick(0);
    sockets.last().open();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '1m', resumeFrom: 6 * MINUTE }]);
  });

  it('starts afresh once every listener left, and hands a later listener the newest bars first', () => {
    const { sockets, session } = setup();
    const feed = session.candleFeed('ETH-USD', '1m');
    const first: CandleMessage[] = [];
    const stop = feed.listen((c) => first.push(c));
    sockets.last().receive([candle(3, '3.9', true), candle(4, '4.9', true), candle(5, '5.1'), candle(5, '5.2')]);
    const late: CandleMessage[] = [];
    feed.listen((c) => late.push(c));
    assert.deepEqual(shown(late), ['4:4.9 closed', '5:5.2']);
    assert.equal(first.length, 4);
    stop();
    const again = session.candleFeed('ETH-USD', '5m');
    again.listen(() => undefined);
    assert.deepEqual(subscribes(sockets.last()).at(-1), { op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '5m' });
  });

  it('forgets the resume point when the last listener leaves', () => {
    const { sockets, session } = setup();
    const feed = session.candleFeed('ETH-USD', '1m');
    const stop = feed.listen(() => undefined);
    sockets.last().receive(candle(5, '5.1'));
    stop();
    const late: CandleMessage[] = [];
    feed.listen((c) => late.push(c));
    assert.deepEqual(late, []);
    assert.deepEqual(subscribes(sockets.last()).at(-1), { op: 'subscribe', channel: 'candles', symbol: 'ETH-USD', timeframe: '1m' });
  });

  it('keeps the newest candle of the two newest bars, a closed bar final', () => {
    let newest: CandleMessage[] = [];
    for (const c of [candle(5, '5.1'), candle(5, '5.6', true), candle(5, '5.2'), candle(6, '6.1'), candle(4, '4.9', true), candle(7, '7.1')]) newest = keepNewest(newest, c);
    assert.deepEqual(shown(newest), ['6:6.1', '7:7.1']);
    assert.deepEqual(shown(keepNewest([candle(5, '5.6', true)], candle(5, '5.2'))), ['5:5.6 closed']);
  });
});
