import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharingModeFor } from '../../../../lib/client/shared/browser-sharing.ts';
import { withFallback } from '../../../../lib/client/shared/holder-channel.ts';
import type { HolderMessage, TabMessage } from '../../../../lib/client/shared/relay-messages.ts';
import { SharedLink } from '../../../../lib/client/shared/shared-link.ts';
import { TabSession, type HolderChannel } from '../../../../lib/client/shared/tab-session.ts';
import { FakeLocks } from './fakes.ts';

function fakeChannel() {
  const posted: TabMessage[] = [];
  const listeners: ((message: HolderMessage) => void)[] = [];
  const holderListeners: ((isReplaced: boolean) => void)[] = [];
  const channel: HolderChannel = {
    post: (message) => posted.push(message),
    onMessage: (listener) => void listeners.push(listener),
    onHolderChange: (listener) => void holderListeners.push(listener),
    close: () => undefined,
  };
  return {
    channel,
    posted,
    deliver: (message: HolderMessage) => listeners.forEach((listener) => listener(message)),
    replaceHolder: () => holderListeners.forEach((listener) => listener(true)),
  };
}

const open = (generation: number): HolderMessage => ({ t: 'state', change: { oldState: 'connecting', newState: 'open', attempt: 0 }, generation });
const down: HolderMessage = { t: 'state', change: { oldState: 'open', newState: 'reconnecting', attempt: 1, retryAt: 5 }, generation: 1 };

describe('sharing mode', () => {
  const all = { sharedWorker: true, locks: true, broadcastChannel: true };
  it('uses a SharedWorker where there is one, else a leader tab, else nothing; ?shared=0 turns it off', () => {
    assert.equal(sharingModeFor('', all), 'worker');
    assert.equal(sharingModeFor('', { ...all, sharedWorker: false }), 'tabs');
    assert.equal(sharingModeFor('?shared=tabs', all), 'tabs');
    assert.equal(sharingModeFor('?shared=0', all), 'off');
    assert.equal(sharingModeFor('?symbol=x&shared=off', all), 'off');
    assert.equal(sharingModeFor('', { ...all, locks: false }), 'off', 'without locks a crashed tab cannot be told from a quiet one');
    assert.equal(sharingModeFor('', { sharedWorker: false, locks: true, broadcastChannel: false }), 'off');
  });
});

describe("a tab's session", () => {
  it('posts nothing before it holds its lock, then joins', async () => {
    const locks = new FakeLocks();
    const { channel, posted } = fakeChannel();
    new TabSession('t1', channel, locks.forTab(), 'p');
    assert.deepEqual(posted, []);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(posted, [{ t: 'join', tab: 't1' }]);
    assert.equal(locks.isHeld('p:tab:t1'), true);
  });

  it('hands the index to IndexFeed once per id, and asks a new holder for what came after its last one', () => {
    const { channel, posted, deliver, replaceHolder } = fakeChannel();
    const session = new TabSession('t1', channel, undefined, 'p');
    const seen: string[] = [];
    session.indexSource('/api/stream/index', { onOpen: () => seen.push('open'), onError: () => seen.push('error'), onIndex: (data, id) => seen.push(`${id}=${String(data)}`) });
    deliver({ t: 'index-status', status: 'open' });
    deliver({ t: 'index', id: '10-0', data: 'a' });
    deliver({ t: 'index', id: '11-0', data: 'b' });
    deliver({ t: 'index', id: '10-0', data: 'a' });
    replaceHolder();
    deliver({ t: 'index', id: '11-0', data: 'b' });
    deliver({ t: 'index', id: '12-0', data: 'c' });
    assert.deepEqual(seen, ['open', '10-0=a', '11-0=b', 'error', 'open', '12-0=c']);
    assert.deepEqual(posted.slice(-2), [{ t: 'join', tab: 't1' }, { t: 'index', tab: 't1', on: true, lastId: '11-0' }]);
  });
});

describe('shared link', () => {
  function link() {
    const fake = fakeChannel();
    const session = new TabSession('t1', fake.channel, undefined, 'p');
    const shared = new SharedLink(session, 'ws://x/ws');
    const log: string[] = [];
    shared.onState((change) => log.push(change.newState));
    shared.onOpen(() => log.push('(resubscribe)'));
    return { ...fake, shared, log };
  }

  it('follows the holder socket: opens once per socket, and reconnects (resubscribing) after a drop or a new holder', () => {
    const { shared, deliver, replaceHolder, log, posted } = link();
    assert.equal(shared.send({ op: 'ping' }), false, 'nothing is sent before start');
    shared.start();
    assert.deepEqual(posted.at(-1), { t: 'join', tab: 't1', url: 'ws://x/ws' });
    deliver(open(1));
    deliver(open(1));
    deliver(down);
    deliver(open(2));
    replaceHolder();
    deliver({ t: 'state', change: { oldState: 'idle', newState: 'connecting', attempt: 0 }, generation: 0 });
    deliver(open(1));
    assert.deepEqual(log, ['connecting', 'open', '(resubscribe)', 'reconnecting', 'open', '(resubscribe)', 'reconnecting', 'open', '(resubscribe)']);
    assert.equal(shared.send({ op: 'ping', id: 'lat-1' }), true);
    assert.deepEqual(posted.at(-1), { t: 'send', tab: 't1', request: { op: 'ping', id: 'lat-1' } });
  });

  it("stamps book frames with the holder's arrival time and pongs with this tab's own", () => {
    const { shared, deliver } = link();
    const stamps: [string, number][] = [];
    shared.onMessage((message, receivedAtMs) => stamps.push([message.type, receivedAtMs]));
    shared.start();
    deliver(open(1));
    deliver({ t: 'messages', messages: [{ type: 'pong', id: 'lat-1', serverTs: 1 }, { type: 'book.stale', symbol: 'X', reason: 'r' }], receivedAtMs: 42 });
    assert.equal(stamps[1]?.[1], 42);
    assert.ok((stamps[0]?.[1] ?? 0) > 1_000_000_000_000, 'a pong gets the wall-clock time it reached this tab');
  });

  it('asks the holder to reconnect the socket it saw, and stops wanting the gateway on stop', () => {
    const { shared, deliver, posted, log } = link();
    shared.start();
    deliver(open(3));
    shared.reconnect('signed in');
    assert.deepEqual(posted.at(-1), { t: 'reconnect', tab: 't1', reason: 'signed in', generation: 3 });
    shared.stop();
    assert.deepEqual(posted.at(-1), { t: 'release', tab: 't1' });
    assert.equal(log.at(-1), 'closed');
    deliver(open(4));
    assert.equal(log.at(-1), 'closed', 'a stopped link ignores the holder');
  });
});

describe('a worker that fails to start', () => {
  function failing() {
    const primary = fakeChannel();
    const fallback = fakeChannel();
    let fail = (): void => undefined;
    const channel = withFallback(primary.channel, (listener) => (fail = listener), () => fallback.channel);
    const changes: boolean[] = [];
    const heard: string[] = [];
    channel.onHolderChange((isReplaced) => changes.push(isReplaced));
    channel.onMessage((message) => heard.push(message.t));
    return { primary, fallback, channel, changes, heard, fail: () => fail() };
  }

  it('leaves the tab on the leader-tab way, joining again through it', () => {
    const { fallback, channel, changes, heard, fail } = failing();
    fail();
    assert.deepEqual(changes, [true]);
    channel.post({ t: 'join', tab: 't1' });
    assert.deepEqual(fallback.posted, [{ t: 'join', tab: 't1' }]);
    fallback.deliver(open(1));
    assert.deepEqual(heard, ['state']);
  });

  it('is not given up once it has answered', () => {
    const { primary, fallback, channel, changes, fail } = failing();
    primary.deliver(open(1));
    fail();
    channel.post({ t: 'leave', tab: 't1' });
    assert.deepEqual(changes, []);
    assert.deepEqual(fallback.posted, []);
    assert.deepEqual(primary.posted, [{ t: 'leave', tab: 't1' }]);
  });
});
