import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { earliest, startsNoLater, SubscriptionBoard, subscribeOf, unsubscribeKeyOf } from '../../../../lib/client/shared/subscription-board.ts';
import type { Subscribe } from '../../../../lib/client/subscription-set.ts';

const book = (resume?: { seq: number; epoch: number }): Subscribe => ({ op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, ...(resume ? { resumeSeq: resume.seq, resumeEpoch: resume.epoch } : {}), timing: true });
const trades = (resumeAfter?: string): Subscribe => ({ op: 'subscribe', channel: 'trades', symbol: 'BTC-USD', ...(resumeAfter ? { resumeAfter } : {}) });
const candles = (resumeFrom?: number): Subscribe => ({ op: 'subscribe', channel: 'candles', symbol: 'BTC-USD', timeframe: '1m', ...(resumeFrom === undefined ? {} : { resumeFrom }) });

describe('subscription board: counting across tabs', () => {
  it('subscribes once for two tabs on one book and unsubscribes only when the last tab leaves', () => {
    const board = new SubscriptionBoard();
    assert.deepEqual(board.subscribe('a', book()), { forward: book() });
    // B asks while A's request is unanswered: the snapshot on its way serves B too.
    assert.deepEqual(board.subscribe('b', book()), {});
    assert.deepEqual(board.onSubscribed('book:BTC-USD').tabs.sort(), ['a', 'b']);
    assert.deepEqual([...board.tabsOf('book:BTC-USD')].sort(), ['a', 'b']);
    assert.deepEqual(board.unsubscribe('a', 'book:BTC-USD'), {});
    assert.deepEqual(board.unsubscribe('a', 'book:BTC-USD'), {}, 'a second release of the same tab counts nothing');
    assert.deepEqual(board.unsubscribe('b', 'book:BTC-USD'), { unsubscribe: { op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' } });
    assert.equal(board.tabsOf('book:BTC-USD').size, 0);
  });

  it('asks the gateway again for a tab that joins a running book, which takes messages from the reply on', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', book());
    board.onSubscribed('book:BTC-USD');
    assert.deepEqual(board.subscribe('b', book()), { forward: book() });
    assert.deepEqual([...board.tabsOf('book:BTC-USD')], ['a'], 'the old stream goes on to A; B waits for its own start');
    assert.deepEqual(board.onSubscribed('book:BTC-USD'), { tabs: ['b'] }, 'only the tab that asked gets the reply');
    assert.deepEqual([...board.tabsOf('book:BTC-USD')].sort(), ['a', 'b']);
  });

  it('keeps a late tab off the live trades until its replay starts, so no newer trade gets ahead of the ones it missed', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', trades('100-0'));
    board.onSubscribed('trades:BTC-USD');
    assert.deepEqual(board.subscribe('b', trades('90-0')), { forward: trades('90-0') });
    assert.equal(board.has('b', 'trades:BTC-USD'), true);
    assert.equal(board.tabsOf('trades:BTC-USD').has('b'), false);
    board.onSubscribed('trades:BTC-USD');
    assert.equal(board.tabsOf('trades:BTC-USD').has('b'), true);
  });

  it('drops every key of a tab that is gone, unsubscribing the keys it held alone', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', book());
    board.subscribe('a', trades());
    board.subscribe('b', trades());
    board.subscribe('a', candles());
    const steps = board.dropTab('a');
    assert.deepEqual(
      steps.map((step) => step.unsubscribe),
      [
        { op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' },
        { op: 'unsubscribe', channel: 'candles', symbol: 'BTC-USD', timeframe: '1m' },
      ],
    );
    assert.equal(board.has('b', 'trades:BTC-USD'), true);
    assert.equal(board.has('a', 'trades:BTC-USD'), false);
  });

  it('after the socket closed, no tab takes anything until its resubscribe is answered; the first is sent, the others ride along', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', book());
    board.subscribe('b', book());
    board.onSubscribed('book:BTC-USD');
    board.forgetPending();
    assert.equal(board.tabsOf('book:BTC-USD').size, 0);
    assert.deepEqual(board.subscribe('a', book({ seq: 120, epoch: 7 })), { forward: book({ seq: 120, epoch: 7 }) });
    assert.deepEqual(board.subscribe('b', book({ seq: 121, epoch: 7 })), {}, 'a replay from 120 serves a tab at 121');
    assert.deepEqual(board.onSubscribed('book:BTC-USD').tabs.sort(), ['a', 'b']);
  });

  it('sends one request at a time: a tab further behind waits for the next, which starts early enough for all it serves', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', book({ seq: 120, epoch: 7 }));
    assert.deepEqual(board.subscribe('b', book({ seq: 110, epoch: 7 })), {});
    assert.deepEqual(board.subscribe('c', book({ seq: 90, epoch: 6 })), {});
    assert.deepEqual(board.onSubscribed('book:BTC-USD'), { tabs: ['a'], forward: book() }, 'another epoch: only a snapshot serves both B and C');
    assert.deepEqual([...board.tabsOf('book:BTC-USD')], ['a']);
    assert.deepEqual(board.onSubscribed('book:BTC-USD').tabs.sort(), ['b', 'c']);
    assert.deepEqual(board.onSubscribed('book:BTC-USD'), { tabs: [] }, 'a reply nobody waits for serves no one');
  });

  it('forwards a tab that found a gap even when others are current, and keeps it off the stream until its replay', () => {
    const board = new SubscriptionBoard();
    board.subscribe('a', book());
    board.subscribe('b', book());
    board.onSubscribed('book:BTC-USD');
    assert.deepEqual(board.subscribe('a', book({ seq: 200, epoch: 7 })), { forward: book({ seq: 200, epoch: 7 }) });
    assert.deepEqual([...board.tabsOf('book:BTC-USD')], ['b']);
  });
});

describe('subscription board: which start serves which', () => {
  it('book: a snapshot serves every tab; a resume serves tabs at or past it in the same epoch, with the same options', () => {
    assert.equal(startsNoLater(book(), book({ seq: 5, epoch: 1 })), true);
    assert.equal(startsNoLater(book({ seq: 5, epoch: 1 }), book()), false);
    assert.equal(startsNoLater(book({ seq: 5, epoch: 1 }), book({ seq: 9, epoch: 1 })), true);
    assert.equal(startsNoLater(book({ seq: 9, epoch: 1 }), book({ seq: 5, epoch: 1 })), false);
    assert.equal(startsNoLater(book({ seq: 5, epoch: 1 }), book({ seq: 9, epoch: 2 })), false);
    const untimed: Subscribe = { op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50 };
    assert.equal(startsNoLater(untimed, book()), false, 'a tab that wants hop times needs a timed subscription');
    assert.deepEqual(earliest(untimed, book({ seq: 3, epoch: 1 })), { ...untimed, timing: true });
  });

  it('trades: an earlier id serves a later one, and any request serves a tab that wants only live trades', () => {
    assert.equal(startsNoLater(trades('100-0'), trades('100-1')), true);
    assert.equal(startsNoLater(trades('100-1'), trades('100-0')), false);
    assert.equal(startsNoLater(trades(), trades('100-0')), false);
    assert.equal(startsNoLater(trades('100-0'), trades()), true);
    assert.deepEqual(earliest(trades(), trades('99-0')), trades('99-0'));
    assert.deepEqual(earliest(trades('98-0'), trades('99-0')), trades('98-0'));
  });

  it('candles: an earlier bar serves a later one; the newest bars are served only by a request for them', () => {
    assert.equal(startsNoLater(candles(60_000), candles(120_000)), true);
    assert.equal(startsNoLater(candles(120_000), candles(60_000)), false);
    assert.equal(startsNoLater(candles(60_000), candles()), false);
    assert.equal(startsNoLater(candles(), candles()), true);
    assert.deepEqual(earliest(candles(), candles(60_000)), candles(60_000));
    const board = new SubscriptionBoard();
    board.subscribe('a', candles(60_000));
    assert.deepEqual(board.subscribe('b', candles()), {});
    assert.deepEqual(board.onSubscribed('candles:BTC-USD:1m'), { tabs: ['a'], forward: candles() });
  });
});

describe('subscription board: reading tab requests', () => {
  it('takes the browser subscribe and unsubscribe requests and nothing else', () => {
    assert.deepEqual(subscribeOf(book()), book());
    assert.equal(subscribeOf({ op: 'subscribe', channel: 'index' }), undefined);
    assert.equal(subscribeOf({ op: 'subscribe', channel: 'candles', symbol: 'X', timeframe: '7m' }), undefined);
    assert.equal(subscribeOf({ op: 'order.place', symbol: 'X' }), undefined);
    assert.equal(unsubscribeKeyOf({ op: 'unsubscribe', channel: 'candles', symbol: 'BTC-USD', timeframe: '1m' }), 'candles:BTC-USD:1m');
    assert.equal(unsubscribeKeyOf({ op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' }), 'book:BTC-USD');
    assert.equal(unsubscribeKeyOf({ op: 'unsubscribe', channel: 'index', symbol: 'INDEX' }), undefined);
  });
});
