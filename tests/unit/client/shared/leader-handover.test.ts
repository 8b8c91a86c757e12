// Tabs that elect a leader (Web Locks) and talk over BroadcastChannel, with in-memory fakes of both:
// the whole path from a page's MarketSession through its SharedLink, the channels and the leader's hub
// to the (fake) gateway socket, and the hand-over when the leader closes or crashes.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { MarketSession } from '../../../../lib/client/market-session.ts';
import { LeaderElection } from '../../../../lib/client/shared/leader-election.ts';
import { leaderTabChannel, type BroadcastChannelLike } from '../../../../lib/client/shared/holder-host.ts';
import { SharedLink } from '../../../../lib/client/shared/shared-link.ts';
import { TabSession } from '../../../../lib/client/shared/tab-session.ts';
import { SyntheticBook } from '../../../helpers/synthetic-book.ts';
import { fakeSockets, type FakeConnection } from '../fake-socket.ts';
import { FakeBroadcastNetwork, FakeLocks } from './fakes.ts';

const PREFIX = 'test-live';
const URL = 'ws://test/ws';

function world() {
  const net = new FakeBroadcastNetwork();
  const locks = new FakeLocks();
  const sockets = fakeSockets();
  const hubOptions = { createSocket: sockets.factory, random: () => 0, openIndex: () => () => undefined };
  function openTab(id: string) {
    const tabLocks = locks.forTab();
    const channels: BroadcastChannelLike[] = [];
    const channel = leaderTabChannel(id, PREFIX, tabLocks, (name) => {
      const created = net.channel(name);
      channels.push(created);
      return created;
    }, hubOptions);
    const session = new TabSession(id, channel, tabLocks, PREFIX);
    const market = new MarketSession({ url: URL, link: new SharedLink(session, URL) });
    const states: string[] = [];
    market.socket.onState((change) => states.push(change.newState));
    return {
      session,
      market,
      states,
      /** The page is closed: it says goodbye, the browser releases its locks. */
      close: () => session.leave(),
      /** The tab's process dies: no goodbye, its channels and locks just vanish. */
      crash: () => {
        for (const created of channels) created.close();
        tabLocks.kill();
      },
    };
  }
  return { net, locks, sockets, openTab };
}

function subscribes(connection: FakeConnection): unknown[] {
  return connection.sent.filter((m) => (m as { op?: string }).op === 'subscribe');
}

describe('leader election', () => {
  it('makes the first tab leader and hands the lock to the next in line when it stops', async () => {
    const locks = new FakeLocks();
    const log: string[] = [];
    const elect = (name: string) => new LeaderElection(locks.forTab(), 'leader', () => (log.push(`${name} leads`), () => log.push(`${name} stops`)));
    const a = elect('a');
    const b = elect('b');
    const c = elect('c');
    a.start();
    b.start();
    c.start();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([a.state, b.state, c.state], ['leading', 'waiting', 'waiting']);
    c.stop();
    a.stop();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([a.state, b.state, c.state], ['stopped', 'leading', 'stopped']);
    assert.deepEqual(log, ['a leads', 'a stops', 'b leads'], 'a tab that left the queue never leads');
  });
});

describe('tabs sharing one socket through a leader tab', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  async function twoLiveTabs() {
    const w = world();
    const a = w.openTab('a');
    const b = w.openTab('b');
    await w.net.settle();
    a.market.start();
    b.market.start();
    await w.net.settle();
    assert.equal(w.sockets.connections.length, 1, 'one socket for both tabs');
    w.sockets.last().open();
    await w.net.settle();
    const bookA = a.market.book('BTC-USD');
    const bookB = b.market.book('BTC-USD');
    const releaseA = bookA.acquire();
    bookB.acquire();
    await w.net.settle();
    const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
    assert.equal(subscribes(w.sockets.last()).length, 1, 'one gateway subscription for the two tabs');
    w.sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { type: 'book.snapshot', ...feed.snapshot() }]);
    await w.net.settle();
    w.sockets.last().receive({ type: 'book.delta', ...feed.change([['64999.8', '2.00000000']], []) });
    await w.net.settle();
    for (const book of [bookA, bookB]) {
      book.view.flush();
      assert.equal(book.view.get().status, 'live');
    }
    return { ...w, a, b, bookA, bookB, feed, releaseA };
  }

  for (const ending of ['closes', 'crashes'] as const) {
    it(`when the leader ${ending}, the next tab opens the socket and resumes the book where it was`, async () => {
      const { sockets, net, a, b, bookB, feed } = await twoLiveTabs();
      const seqBefore = bookB.view.get().seq ?? 0;
      if (ending === 'closes') a.close();
      else a.crash();
      await net.settle();
      if (ending === 'closes') assert.equal(sockets.connections[0]?.closedWith, 1000, 'the old leader closed its socket');
      assert.equal(sockets.connections.length, 2, 'the new leader opened one');
      assert.equal(b.market.socket.state, 'reconnecting');
      sockets.last().open();
      await net.settle();
      assert.equal(b.market.socket.state, 'open');
      assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, resumeSeq: seqBefore, resumeEpoch: feed.snapshot().epoch }]);
      sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50, replayed: 1 }, { type: 'book.delta', ...feed.change([], [['65000.2', '1.00000000']]) }]);
      await net.settle();
      bookB.view.flush();
      assert.equal(bookB.view.get().status, 'live');
      assert.equal(bookB.view.get().seq, seqBefore + 1);
      assert.deepEqual(b.states, ['connecting', 'open', 'reconnecting', 'open']);
    });
  }

  it("sends an order from one tab over the leader's socket and gives the user's events to both", async () => {
    const { sockets, net, a, b } = await twoLiveTabs();
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.market.onOrderEvent((event) => seenA.push(event.type));
    b.market.onOrderEvent((event) => seenB.push(event.type));
    assert.equal(b.market.send({ op: 'order.place', id: 'p-1', clientOrderId: 'c-1', symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.1' }), true);
    await net.settle();
    assert.deepEqual(sockets.last().sent.at(-1), { op: 'order.place', id: 'p-1', clientOrderId: 'c-1', symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.1' });
    sockets.last().receive({ type: 'order.accepted', requestId: 'p-1', orderId: 'o-1', clientOrderId: 'c-1', symbol: 'BTC-USD' });
    await net.settle();
    assert.deepEqual([seenA, seenB], [['order.accepted'], ['order.accepted']]);
  });

  it('unsubscribes at the gateway only when the last tab lets the book go, also when the other tab is gone', async () => {
    const { sockets, net, b, releaseA } = await twoLiveTabs();
    const unsubscribes = () => sockets.last().sent.filter((m) => (m as { op?: string }).op === 'unsubscribe');
    b.crash();
    await net.settle();
    assert.deepEqual(unsubscribes(), [], 'A still watches the book');
    releaseA();
    await net.settle();
    assert.deepEqual(unsubscribes(), [{ op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' }]);
  });
});
