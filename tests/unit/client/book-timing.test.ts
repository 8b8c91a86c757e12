// A timed book on the page: the subscription asks for hop times, each delta shown becomes one sample
// (feed→gw, gw, net, render) when the render that shows it runs, and the network hop is corrected by
// the clock offset the pings estimate.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { BookTiming, durationsOf } from '../../../lib/client/book-timing.ts';
import { MarketSession } from '../../../lib/client/market-session.ts';
import { SyntheticBook } from '../../helpers/synthetic-book.ts';
import { fakeSockets } from './fake-socket.ts';

const delta = (hops: unknown): Record<string, unknown> => ({ type: 'book.delta', seq: 2, hops });

describe('BookTiming', () => {
  it('turns hops, arrival and render into the four durations, net on the page’s clock', () => {
    const timing = new BookTiming({ clockOffsetMs: () => 0, isHidden: () => false });
    timing.onDelta(delta([1000, 1001.5, 1001.8]), 1002.4);
    timing.onDelta(delta([1000, 1003, 1003.5]), 1004.5);
    assert.equal(timing.summary().count, 0, 'nothing is a sample until a render shows it');
    timing.onRendered(1010);
    const { count, hops } = timing.summary();
    assert.equal(count, 2);
    const p50s = hops.map((hop) => hop?.p50);
    assert.deepEqual(
      p50s.map((ms) => Math.round((ms ?? Number.NaN) * 10) / 10),
      [1.5, 0.3, 0.6, 5.5],
    );
  });

  it('moves the gateway’s send time onto the page’s clock with the offset (server minus page)', () => {
    // The gateway's clock runs 300 ms ahead: uncorrected, the network hop would be -299.4 ms.
    const durations = durationsOf({ feed: 1300, read: 1301, sent: 1301.5, received: 1002.1 }, 1005, 300);
    assert.deepEqual(
      durations.map((ms) => Math.round(ms * 10) / 10),
      [1, 0.5, 0.6, 2.9],
    );
  });

  it('never shows a negative hop, skips deltas without hops and those arriving while the page is hidden', () => {
    let isHidden = false;
    const timing = new BookTiming({ clockOffsetMs: () => 0, isHidden: () => isHidden });
    timing.onDelta(delta([1000, 999.5, 1000]), 999.9); // clocks a hair apart
    timing.onDelta(delta(undefined), 1000);
    timing.onDelta(delta([1, 2]), 1000);
    isHidden = true;
    timing.onDelta(delta([1000, 1001, 1002]), 1003);
    timing.onRendered(1001);
    const { count, hops } = timing.summary();
    assert.equal(count, 1);
    assert.ok(hops.every((hop) => hop && hop.p50 >= 0));
  });
});

describe('a session with timed books', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('asks for hop times and samples the deltas it shows; an untimed session asks for none', () => {
    for (const timeBooks of [true, false]) {
      const sockets = fakeSockets();
      const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, random: () => 0, timeBooks });
      session.start();
      sockets.last().open();
      const book = session.book('BTC-USD');
      book.acquire();
      const request = sockets.last().sent.find((m) => (m as { op?: string }).op === 'subscribe');
      assert.equal((request as { timing?: boolean }).timing, timeBooks ? true : undefined);
      assert.equal(book.timing !== undefined, timeBooks);
      if (!book.timing) continue;
      const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
      sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { type: 'book.snapshot', ...feed.snapshot() }]);
      const next = feed.change([['64999.9', '2.00000000']], []);
      const now = Date.now();
      sockets.last().receive({ type: 'book.delta', ...next, hops: [now - 3, now - 2, now - 1] });
      book.view.flush();
      book.markRendered();
      assert.equal(book.view.get().seq, next.seq);
      assert.equal(book.timing.summary().count, 1, 'the delta is one sample once rendered');
    }
  });

  it('estimates the gateway’s clock from its pongs and forgets it on a disconnect', () => {
    const sockets = fakeSockets();
    const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, random: () => 0, timeBooks: true });
    session.start();
    sockets.last().open();
    const ping = sockets.last().sent.find((m) => (m as { op?: string }).op === 'ping') as { id: string };
    // A gateway whose clock is an hour ahead answers at once.
    sockets.last().receive({ type: 'pong', id: ping.id, serverTs: Date.now() + 3_600_000 });
    const estimate = session.clock.estimate();
    assert.ok(estimate?.isApplied);
    assert.ok(Math.abs(estimate.offsetMs - 3_600_000) < 50, `offset ${estimate.offsetMs}`);
    sockets.last().drop();
    assert.equal(session.clock.estimate(), undefined);
  });
});
