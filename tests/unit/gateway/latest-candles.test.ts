// The latest candles a node keeps per candles channel, and what a (re)subscriber gets first: the closed
// candles from its newest bar on (or the newest closed one) and the open one, never an outdated open bar.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatestCandles } from '../../../server/gateway/ingest/latest-candles.ts';

const MINUTE = 60_000;

function candle(minute: number, close: string, isClosed = false): string {
  return JSON.stringify({ type: 'candle', symbol: 'BTC-USD', timeframe: '1m', openTime: minute * MINUTE, open: '1', high: '2', low: '1', close, volume: '1', trades: 1, isClosed });
}

const closes = (payloads: string[]): string[] => payloads.map((payload) => {
  const { openTime, close, isClosed } = JSON.parse(payload) as { openTime: number; close: string; isClosed: boolean };
  return `${openTime / MINUTE}:${close}${isClosed ? ' closed' : ''}`;
});

describe('latest candles', () => {
  it('has nothing before the first candle', () => {
    assert.deepEqual(new LatestCandles().replay(), []);
    assert.deepEqual(new LatestCandles().replay(0), []);
  });

  it('keeps the newest update of the open bar', () => {
    const latest = new LatestCandles();
    latest.observe(candle(5, '1.1'));
    latest.observe(candle(5, '1.2'));
    assert.deepEqual(closes(latest.replay()), ['5:1.2']);
  });

  it('without a resume point gives the newest closed candle, then the open one', () => {
    const latest = new LatestCandles();
    for (const minute of [3, 4]) {
      latest.observe(candle(minute, `${minute}.5`));
      latest.observe(candle(minute, `${minute}.9`, true));
    }
    latest.observe(candle(5, '5.1'));
    assert.deepEqual(closes(latest.replay()), ['4:4.9 closed', '5:5.1']);
  });

  it('from a resume point gives every kept closed candle from that bar on, then the open one', () => {
    const latest = new LatestCandles();
    for (const minute of [1, 2, 3, 4]) latest.observe(candle(minute, `${minute}.9`, true));
    latest.observe(candle(5, '5.1'));
    assert.deepEqual(closes(latest.replay(2 * MINUTE)), ['2:2.9 closed', '3:3.9 closed', '4:4.9 closed', '5:5.1']);
    assert.deepEqual(closes(latest.replay(5 * MINUTE)), ['5:5.1'], 'a client whose newest bar is the open one gets only that');
  });

  it('forgets the open bar when it closes, and ignores a late open update of a closed bucket', () => {
    const latest = new LatestCandles();
    latest.observe(candle(5, '5.1'));
    latest.observe(candle(5, '5.9', true));
    assert.deepEqual(closes(latest.replay()), ['5:5.9 closed']);
    latest.observe(candle(5, '5.2'));
    latest.observe(candle(4, '4.2'));
    assert.deepEqual(closes(latest.replay()), ['5:5.9 closed'], 'no open bar at or before a closed one');
    latest.observe(candle(6, '6.1'));
    latest.observe(candle(5, '5.3'));
    assert.deepEqual(closes(latest.replay()), ['5:5.9 closed', '6:6.1']);
  });

  it('keeps the closed candles ordered and bounded, one per bucket', () => {
    const latest = new LatestCandles(3);
    for (const minute of [1, 2, 4]) latest.observe(candle(minute, `${minute}.9`, true));
    latest.observe(candle(3, '3.9', true)); // late, between kept ones
    latest.observe(candle(4, '4.8', true)); // the same bucket again: the later one wins
    assert.deepEqual(closes(latest.replay(0)), ['2:2.9 closed', '3:3.9 closed', '4:4.8 closed']);
  });

  it('ignores a payload without an open time and a closed flag', () => {
    const latest = new LatestCandles();
    latest.observe('not json');
    latest.observe(JSON.stringify({ type: 'candle', openTime: 'soon', isClosed: false }));
    latest.observe(JSON.stringify({ type: 'candle', openTime: 1 }));
    assert.deepEqual(latest.replay(), []);
  });
});
