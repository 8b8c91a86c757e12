import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameStore, ValueStore } from '../../../lib/client/frame-store.ts';
import { pushTrade } from '../../../lib/client/trade-tape.ts';
import { displayStatus } from '../../../lib/client/display-status.ts';
import { formatPct, formatUsd, groupThousands, trimSize } from '../../../lib/client/format.ts';

function manualFrames(): { schedule: (cb: () => void) => void; run: () => void; pending: () => number } {
  let queue: (() => void)[] = [];
  return {
    schedule: (cb) => queue.push(cb),
    run: () => {
      const now = queue;
      queue = [];
      for (const cb of now) cb();
    },
    pending: () => queue.length,
  };
}

describe('frame store', () => {
  it('recomputes and notifies once per frame however many changes came before it', () => {
    const frames = manualFrames();
    let state = 0;
    let computations = 0;
    const store = new FrameStore(() => {
      computations++;
      return state;
    }, frames.schedule);
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 1; i <= 200; i++) {
      state = i;
      store.invalidate();
    }
    assert.equal(frames.pending(), 1);
    assert.equal(store.get(), 0, 'the old view until the frame');
    frames.run();
    assert.equal(store.get(), 200);
    assert.equal(notified, 1);
    assert.equal(computations, 2, 'once at creation, once for the frame');
  });

  it('keeps the snapshot identity between frames', () => {
    const frames = manualFrames();
    const store = new ValueStore({ n: 1 }, frames.schedule);
    const first = store.get();
    assert.equal(store.get(), first);
    store.set({ n: 2 });
    assert.equal(store.current.n, 2);
    assert.equal(store.get(), first);
    frames.run();
    assert.deepEqual(store.get(), { n: 2 });
  });
});

describe('trade tape', () => {
  const trade = (id: string, side: 'buy' | 'sell' = 'buy') => ({ type: 'trade' as const, symbol: 'BTC-USD', id, price: '65000.1', size: '0.1', side, ts: 1 });

  it('puts the newest trade first, keeps a bounded tape, and skips repeats and malformed trades', () => {
    let tape = pushTrade([], trade('1'));
    tape = pushTrade(tape, trade('2', 'sell'));
    assert.deepEqual(tape.map((t) => t.id), ['2', '1']);
    assert.equal(pushTrade(tape, trade('2')), tape);
    assert.equal(pushTrade(tape, { ...trade('3'), price: 'NaN' }), tape);
    for (let i = 10; i < 100; i++) tape = pushTrade(tape, trade(String(i)), 5);
    assert.equal(tape.length, 5);
  });
});

describe('display status', () => {
  it('is live only when the socket is open and the book verified', () => {
    assert.equal(displayStatus('open', 'live'), 'live');
    assert.equal(displayStatus('open', 'stale'), 'resyncing');
    assert.equal(displayStatus('open', 'resyncing'), 'resyncing');
    assert.equal(displayStatus('reconnecting', 'live'), 'reconnecting');
    assert.equal(displayStatus('connecting', 'waiting'), 'connecting');
    assert.equal(displayStatus('closed', 'stale'), 'reconnecting');
  });
});

describe('formatting', () => {
  it('groups thousands, signs percentages, trims sizes', () => {
    assert.equal(groupThousands('65012.3'), '65,012.3');
    assert.equal(groupThousands('-1234567'), '-1,234,567');
    assert.equal(groupThousands('999.999'), '999.999');
    assert.equal(formatPct('1.234'), '+1.23%');
    assert.equal(formatPct(-0.5), '-0.50%');
    assert.equal(formatUsd('-1234.5'), '-1,234.50');
    assert.equal(trimSize('0.41200000'), '0.412');
    assert.equal(trimSize('1500.00000000'), '1,500');
    assert.equal(trimSize('0.00000010', 4), '1.0e-7');
  });
});
