// A SharedWorker that dies is replaced without a reload: each fake worker below runs the real hub and
// holds its life lock in in-memory Web Locks (released when it is killed, as the browser releases a
// dead context's); the tabs watch it through WorkerWatchdog. The fake browser hands a connecting tab
// the running worker of the name, or starts one when there is none (a dead one is never handed back).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { IndexSourceFactory } from '../../../../lib/client/index-feed.ts';
import { MarketSession } from '../../../../lib/client/market-session.ts';
import type { TabPost } from '../../../../lib/client/shared/gateway-hub.ts';
import { withFallback, workerConnectionOf } from '../../../../lib/client/shared/holder-channel.ts';
import { HubHost } from '../../../../lib/client/shared/holder-host.ts';
import type { HolderMessage } from '../../../../lib/client/shared/relay-messages.ts';
import { SharedLink } from '../../../../lib/client/shared/shared-link.ts';
import { TabSession, type HolderChannel } from '../../../../lib/client/shared/tab-session.ts';
import { holdLifeLock, WorkerWatchdog, type WorkerConnection } from '../../../../lib/client/shared/worker-watchdog.ts';
import { SyntheticBook } from '../../../helpers/synthetic-book.ts';
import { fakeSockets, type FakeConnection } from '../fake-socket.ts';
import { FakeLocks } from './fakes.ts';

const PREFIX = 'test-live';
const URL = 'ws://test/ws';

const later = (run: () => void): void => void setImmediate(run);

async function settle(): Promise<void> {
  for (let round = 0; round < 30; round++) await new Promise((resolve) => setImmediate(resolve));
}

function browser() {
  const locks = new FakeLocks();
  const sockets = fakeSockets();
  const indexUrls: string[] = [];
  const indexHandlers: Parameters<IndexSourceFactory>[1][] = [];
  const hubOptions = {
    createSocket: sockets.factory,
    random: () => 0,
    openIndex: (url: string, handlers: Parameters<IndexSourceFactory>[1]) => {
      indexUrls.push(url);
      indexHandlers.push(handlers);
      return () => undefined;
    },
  };
  const workers: ReturnType<typeof startWorker>[] = [];
  /** The next worker started fails to start (its script does not load). */
  let failNext = false;

  function startWorker(id: string) {
    const workerLocks = locks.forTab();
    const host = new HubHost(workerLocks, PREFIX, hubOptions);
    const lifeLock = holdLifeLock(workerLocks, PREFIX, id);
    const fails = failNext;
    failNext = false;
    let isDead = fails;
    let connections = 0;
    return {
      id,
      isDead: () => isDead,
      connections: () => connections,
      host,
      connect(): WorkerConnection {
        connections++;
        let isClosed = false;
        const listeners = new Set<(message: HolderMessage) => void>();
        const lifeListeners = new Set<(name: string) => void>();
        const errorListeners = new Set<() => void>();
        const reaches = (): boolean => !isDead && !isClosed;
        const post: TabPost = (message) => {
          const data = structuredClone(message);
          later(() => reaches() && listeners.forEach((listener) => listener(data)));
        };
        if (fails) later(() => errorListeners.forEach((listener) => listener()));
        else void lifeLock.then((name) => later(() => name !== undefined && reaches() && lifeListeners.forEach((listener) => listener(name))));
        const channel: HolderChannel = {
          post: (message) => {
            const data = structuredClone(message);
            later(() => reaches() && host.receive(data, () => post));
          },
          onMessage: (listener) => void listeners.add(listener),
          onHolderChange: () => undefined,
          close: () => void (isClosed = true),
        };
        return { channel, onLifeLock: (listener) => void lifeListeners.add(listener), onError: (listener) => void errorListeners.add(listener) };
      },
      /** The worker's process dies: its socket goes and the browser releases its locks. */
      kill() {
        isDead = true;
        host.stop();
        workerLocks.kill();
      },
    };
  }

  const connect = (): WorkerConnection => {
    let worker = workers.at(-1);
    if (!worker || worker.isDead()) {
      worker = startWorker(`w${workers.length + 1}`);
      workers.push(worker);
    }
    return worker.connect();
  };

  function openTab(id: string) {
    const tabLocks = locks.forTab();
    const session = new TabSession(id, new WorkerWatchdog(connect, tabLocks), tabLocks, PREFIX);
    const market = new MarketSession({ url: URL, link: new SharedLink(session, URL) });
    const states: string[] = [];
    market.socket.onState((change) => states.push(change.newState));
    return { session, market, states };
  }

  return { locks, sockets, workers, indexUrls, indexHandlers, openTab, connect, failNextWorker: () => void (failNext = true), liveWorker: () => workers.at(-1) };
}

function subscribes(connection: FakeConnection): unknown[] {
  return connection.sent.filter((m) => (m as { op?: string }).op === 'subscribe');
}

describe("a worker's life lock", () => {
  it('is held from the start and named once held; a killed worker lets it go', async () => {
    const locks = new FakeLocks();
    const workerLocks = locks.forTab();
    const name = await holdLifeLock(workerLocks, PREFIX, 'w1');
    assert.equal(name, `${PREFIX}:worker:w1`);
    assert.equal(locks.isHeld(`${PREFIX}:worker:w1`), true);
    workerLocks.kill();
    await settle();
    assert.equal(locks.isHeld(`${PREFIX}:worker:w1`), false);
    assert.equal(await holdLifeLock(undefined, PREFIX), undefined, 'without Web Locks nothing is watched');
  });
});

describe('tabs sharing a SharedWorker that dies', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  async function liveTabs(ids: string[]) {
    const b = browser();
    const tabs = ids.map((id) => b.openTab(id));
    await settle();
    for (const tab of tabs) tab.market.start();
    await settle();
    assert.equal(b.sockets.connections.length, 1, 'one socket for every tab');
    b.sockets.last().open();
    await settle();
    const books = tabs.map((tab) => tab.market.book('BTC-USD'));
    for (const book of books) book.acquire();
    await settle();
    const feed = new SyntheticBook('BTC-USD', [['64999.9', '1.00000000']], [['65000.1', '1.00000000']]);
    b.sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { type: 'book.snapshot', ...feed.snapshot() }]);
    await settle();
    b.sockets.last().receive({ type: 'book.delta', ...feed.change([['64999.8', '2.00000000']], []) });
    await settle();
    for (const book of books) {
      book.view.flush();
      assert.equal(book.view.get().status, 'live');
    }
    return { ...b, tabs, books, feed };
  }

  it('starts nothing while the worker lives', async () => {
    const { workers, tabs } = await liveTabs(['a', 'b']);
    await settle();
    assert.deepEqual(workers.map((worker) => [worker.id, worker.connections()]), [['w1', 2]]);
    assert.deepEqual(tabs[0]?.states, ['connecting', 'open']);
  });

  it('starts one new worker for every tab when it dies, and each tab resumes its book where it was', async () => {
    const { workers, sockets, tabs, books, feed } = await liveTabs(['a', 'b', 'c']);
    const seqBefore = books[0]?.view.get().seq ?? 0;
    workers[0]?.kill();
    await settle();
    assert.deepEqual(workers.map((worker) => [worker.id, worker.connections()]), [['w1', 3], ['w2', 3]], 'one new worker, joined by each tab once');
    assert.equal(workers[1]?.host.hub.tabCount, 3);
    assert.equal(sockets.connections.length, 2, 'the new worker opened one socket');
    for (const tab of tabs) assert.equal(tab.market.socket.state, 'reconnecting');
    sockets.last().open();
    await settle();
    assert.deepEqual(subscribes(sockets.last()), [{ op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, resumeSeq: seqBefore, resumeEpoch: feed.snapshot().epoch }], 'one resume for the three tabs');
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50, replayed: 1 }, { type: 'book.delta', ...feed.change([], [['65000.2', '1.00000000']]) }]);
    await settle();
    for (const [i, book] of books.entries()) {
      book.view.flush();
      assert.equal(book.view.get().status, 'live', `tab ${i}`);
      assert.equal(book.view.get().seq, seqBefore + 1);
      assert.deepEqual(tabs[i]?.states, ['connecting', 'open', 'reconnecting', 'open']);
    }

    // The new worker is watched the same way.
    workers[1]?.kill();
    await settle();
    assert.deepEqual(workers.map((worker) => worker.connections()), [3, 3, 3]);
    assert.equal(sockets.connections.length, 3);
  });

  it('reopens the index stream in the new worker after the last event the tabs had', async () => {
    const b = browser();
    const tab = b.openTab('a');
    const seen: string[] = [];
    tab.session.indexSource('/api/stream/index', { onOpen: () => seen.push('open'), onError: () => seen.push('error'), onIndex: (_data, id) => seen.push(id ?? '') });
    await settle();
    b.indexHandlers[0]?.onOpen();
    b.indexHandlers[0]?.onIndex('{"v":1}', '10-0');
    b.indexHandlers[0]?.onIndex('{"v":2}', '11-0');
    await settle();
    b.workers[0]?.kill();
    await settle();
    b.indexHandlers[1]?.onOpen();
    b.indexHandlers[1]?.onIndex('{"v":3}', '12-0');
    await settle();
    assert.deepEqual(b.indexUrls, ['/api/stream/index', '/api/stream/index?lastEventId=11-0']);
    assert.deepEqual(seen, ['open', '10-0', '11-0', 'error', 'open', '12-0']);
  });

  it('stops watching when the tab leaves: its request for the lock is withdrawn, and a worker dying after that starts nothing for it', async () => {
    const b = browser();
    const tabLocks = b.locks.forTab();
    let grants = 0;
    const counted = { request: (name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>) => tabLocks.request(name, options, () => (grants++, callback())) };
    const session = new TabSession('a', new WorkerWatchdog(b.connect, counted), counted, PREFIX);
    await settle();
    session.leave();
    await settle();
    const grantsBefore = grants;
    b.workers[0]?.kill();
    await settle();
    assert.equal(grants, grantsBefore, 'the request for the dead worker\'s lock was withdrawn');
    assert.equal(b.workers.length, 1);
  });
});

describe('a SharedWorker that fails to start, behind the watchdog', () => {
  function fallbackTab(isFirstFailing: boolean) {
    const b = browser();
    if (isFirstFailing) b.failNextWorker();
    const tabLocks = b.locks.forTab();
    const fallbackPosted: unknown[] = [];
    const fallback: HolderChannel = { post: (message) => fallbackPosted.push(message), onMessage: () => undefined, onHolderChange: () => undefined, close: () => undefined };
    const watchdog = new WorkerWatchdog(b.connect, tabLocks);
    const channel = withFallback(watchdog, (listener) => watchdog.onFailure(listener), () => fallback);
    const session = new TabSession('a', channel, tabLocks, PREFIX);
    const changes: boolean[] = [];
    session.onHolderChange((isReplaced) => changes.push(isReplaced));
    return { ...b, fallbackPosted, changes };
  }

  it('leaves the tab on the leader-tab way when the first worker fails', async () => {
    const tab = fallbackTab(true);
    await settle();
    assert.deepEqual(tab.changes, [true]);
    assert.deepEqual(tab.fallbackPosted, [{ t: 'join', tab: 'a' }], 'the tab joined through the fallback');
  });

  it('leaves it on the leader-tab way too when the worker replacing a dead one fails', async () => {
    const tab = fallbackTab(false);
    await settle();
    assert.deepEqual(tab.changes, [], 'the worker answered: no fallback');
    tab.failNextWorker();
    tab.liveWorker()?.kill();
    await settle();
    assert.deepEqual(tab.changes, [true, true], 'replaced by a new worker, which failed: the fallback took over');
    assert.deepEqual(tab.fallbackPosted, [{ t: 'join', tab: 'a' }]);
  });
});

describe("a SharedWorker's port", () => {
  it('reports the life lock the worker names, and passes only holder messages on', async () => {
    const { port1: tabEnd, port2: workerEnd } = new MessageChannel();
    const errors: (() => void)[] = [];
    const connection = workerConnectionOf({ port: tabEnd, addEventListener: (_type, listener) => void errors.push(listener) });
    const locksNamed: string[] = [];
    const heard: string[] = [];
    let failed = 0;
    connection.onLifeLock((name) => locksNamed.push(name));
    connection.channel.onMessage((message) => heard.push(message.t));
    connection.onError(() => failed++);
    workerEnd.postMessage({ t: 'worker', lock: '' });
    workerEnd.postMessage({ t: 'worker', lock: 'p:worker:w1' });
    workerEnd.postMessage({ t: 'index-status', status: 'open' });
    // A port delivers in order: once the last message is heard, the others were handled.
    for (let i = 0; i < 500 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    errors.forEach((listener) => listener());
    tabEnd.close();
    workerEnd.close();
    assert.deepEqual(locksNamed, ['p:worker:w1']);
    assert.deepEqual(heard, ['index-status']);
    assert.equal(failed, 1);
  });
});
