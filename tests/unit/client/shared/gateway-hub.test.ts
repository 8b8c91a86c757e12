import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayHub } from '../../../../lib/client/shared/gateway-hub.ts';
import type { HolderMessage } from '../../../../lib/client/shared/relay-messages.ts';
import type { IndexSourceFactory } from '../../../../lib/client/index-feed.ts';
import { fakeSockets } from '../fake-socket.ts';

/** A tab as the hub sees it: what it was posted. */
function tab(hub: GatewayHub, id: string, options: { url?: string; indexOnly?: boolean } = {}) {
  const url = options.indexOnly ? undefined : (options.url ?? 'ws://test/ws');
  const inbox: HolderMessage[] = [];
  hub.join(id, url, (message) => inbox.push(structuredClone(message)));
  return {
    inbox,
    send: (request: object) => hub.handle({ t: 'send', tab: id, request }),
    /** The gateway messages this tab got, by type. */
    got: (type?: string) => inbox.flatMap((m) => (m.t === 'messages' ? m.messages : [])).filter((m) => type === undefined || m.type === type),
    states: () => inbox.flatMap((m) => (m.t === 'state' ? [`${m.change.newState}#${m.generation}`] : [])),
  };
}

const frameDone = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function openHub() {
  const sockets = fakeSockets();
  const hub = new GatewayHub({ createSocket: sockets.factory, random: () => 0, openIndex: () => () => undefined });
  return { sockets, hub };
}

const bookSub = { op: 'subscribe', channel: 'book', symbol: 'BTC-USD', depth: 50, timing: true };
const snapshot = { type: 'book.snapshot', symbol: 'BTC-USD', epoch: 1, seq: 10, ts: 1, bids: [], asks: [], checksum: 0 };
const delta = { type: 'book.delta', symbol: 'BTC-USD', epoch: 1, seq: 11, ts: 2, bids: [], asks: [], checksum: 0 };

describe('gateway hub', () => {
  it('opens one socket for all tabs, on the first tab that wants it', () => {
    const { sockets, hub } = openHub();
    tab(hub, 'index-only', { indexOnly: true });
    assert.equal(sockets.connections.length, 0, 'a tab that only shows the index opens no socket');
    const a = tab(hub, 'a');
    tab(hub, 'b');
    assert.equal(sockets.connections.length, 1);
    sockets.last().open();
    assert.deepEqual(a.states(), ['connecting#0', 'open#1']);
  });

  it("routes a book's messages to the tabs of that book only, and shares one gateway subscription", async () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    const b = tab(hub, 'b');
    const c = tab(hub, 'c');
    sockets.last().open();
    a.send(bookSub);
    b.send(bookSub);
    assert.deepEqual(sockets.last().sent, [bookSub], 'B rides on the subscribe already on its way');
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, snapshot]);
    await frameDone();
    sockets.last().receive(delta);
    await frameDone();
    for (const t of [a, b]) assert.deepEqual(t.got().map((m) => m.type), ['subscribed', 'book.snapshot', 'book.delta']);
    assert.deepEqual(c.got(), []);
    // One post per tab per frame (each frame is a task of its own in a browser).
    assert.equal(a.inbox.filter((m) => m.t === 'messages').length, 2);
    b.send({ op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' });
    assert.equal(sockets.last().sent.length, 1, 'A still watches the book');
    a.send({ op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' });
    assert.deepEqual(sockets.last().sent.at(-1), { op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' });
  });

  it('asks for a fresh snapshot for a tab that joins a running book', async () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    sockets.last().open();
    a.send(bookSub);
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, snapshot]);
    const late = tab(hub, 'late');
    late.send(bookSub);
    assert.deepEqual(sockets.last().sent, [bookSub, bookSub]);
    sockets.last().receive([{ type: 'subscribed', channel: 'book', symbol: 'BTC-USD', depth: 50 }, { ...snapshot, seq: 12 }]);
    await frameDone();
    assert.deepEqual(late.got().map((m) => m.type), ['subscribed', 'book.snapshot']);
    assert.deepEqual(a.got().map((m) => m.type), ['subscribed', 'book.snapshot', 'book.snapshot'], 'the first tab takes the new snapshot too (it replaces its book)');
  });

  it('gives a tab joining running trades its replay before any live trade, as its own socket would', async () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    sockets.last().open();
    a.send({ op: 'subscribe', channel: 'trades', symbol: 'BTC-USD', resumeAfter: '100-0' });
    sockets.last().receive([{ type: 'subscribed', channel: 'trades', symbol: 'BTC-USD', replayed: 0 }]);
    const late = tab(hub, 'late');
    late.send({ op: 'subscribe', channel: 'trades', symbol: 'BTC-USD', resumeAfter: '90-0' });
    const trade = (id: string) => ({ type: 'trade', symbol: 'BTC-USD', id, price: '1', size: '1', side: 'buy', ts: 1 });
    sockets.last().receive(trade('101-0'));
    await frameDone();
    sockets.last().receive([{ type: 'subscribed', channel: 'trades', symbol: 'BTC-USD', replayed: 2 }, trade('95-0'), trade('101-0'), trade('102-0')]);
    await frameDone();
    const ids = (t: ReturnType<typeof tab>) => t.got().map((m) => (m.type === 'trade' ? m.id : m.type));
    assert.deepEqual(ids(late), ['subscribed', '95-0', '101-0', '102-0']);
    assert.deepEqual(ids(a), ['subscribed', '101-0', '95-0', '101-0', '102-0'], 'A gets the replay too and drops what it has');
  });

  it("answers each tab's ping to that tab, with the tab's own id", async () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    const b = tab(hub, 'b');
    sockets.last().open();
    a.send({ op: 'ping', id: 'lat-1', ts: 5 });
    b.send({ op: 'ping', id: 'lat-1', ts: 6 });
    const [pingA, pingB] = sockets.last().sent as { id: string; ts: number }[];
    assert.notEqual(pingA?.id, pingB?.id, 'the two pings are told apart on the socket');
    sockets.last().receive({ type: 'pong', id: pingB?.id, ts: 6, serverTs: 100 });
    sockets.last().receive({ type: 'pong', id: pingA?.id, ts: 5, serverTs: 101 });
    await frameDone();
    assert.deepEqual(a.got('pong'), [{ type: 'pong', id: 'lat-1', ts: 5, serverTs: 101 }]);
    assert.deepEqual(b.got('pong'), [{ type: 'pong', id: 'lat-1', ts: 6, serverTs: 100 }]);
  });

  it("sends order ops as they are, gives every tab the user's events, and an error to the tab whose request it answers", async () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    const b = tab(hub, 'b');
    sockets.last().open();
    const place = { op: 'order.place', id: 'req-7', clientOrderId: 'c-1', symbol: 'BTC-USD', side: 'buy', type: 'limit', price: '1', quantity: '1' };
    b.send(place);
    assert.deepEqual(sockets.last().sent, [place]);
    sockets.last().receive({ type: 'order.accepted', requestId: 'req-7', orderId: 'o-1', clientOrderId: 'c-1' });
    sockets.last().receive({ type: 'balance', currency: 'USD' });
    sockets.last().receive({ type: 'error', code: 'RATE_LIMITED', id: 'req-7', message: 'slow down' });
    sockets.last().receive({ type: 'error', code: 'BAD_MESSAGE', message: 'no id' });
    await frameDone();
    assert.deepEqual(a.got().map((m) => m.type), ['order.accepted', 'balance', 'error']);
    assert.deepEqual(b.got().map((m) => m.type), ['order.accepted', 'balance', 'error', 'error']);
  });

  it('reconnects once however many tabs ask for the same socket, and tabs then see the new generation', () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    tab(hub, 'b');
    sockets.last().open();
    hub.handle({ t: 'reconnect', tab: 'a', reason: 'signed in', generation: 1 });
    hub.handle({ t: 'reconnect', tab: 'b', reason: 'signed in', generation: 1 });
    assert.equal(sockets.connections.length, 2);
    sockets.last().open();
    hub.handle({ t: 'reconnect', tab: 'b', reason: 'late', generation: 1 });
    assert.equal(sockets.connections.length, 2, 'a request about the old socket is already done');
    assert.deepEqual(a.states().slice(-2), ['reconnecting#1', 'open#2']);
  });

  it('gives a tab that joins an open socket its state and the hello', async () => {
    const { sockets, hub } = openHub();
    tab(hub, 'a');
    sockets.last().open();
    sockets.last().receive({ type: 'hello', node: 'gw-1', isAuthenticated: true });
    await frameDone();
    const late = tab(hub, 'late');
    assert.deepEqual(late.states(), ['open#1']);
    assert.deepEqual(late.got('hello'), [{ type: 'hello', node: 'gw-1', isAuthenticated: true }]);
  });

  it('after a drop, the first resubscribe of a key is sent and the others ride on it', () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    const b = tab(hub, 'b');
    sockets.last().open();
    a.send(bookSub);
    b.send(bookSub);
    sockets.last().drop();
    // The retry waits for a backoff timer; a tab's reconnect starts it now.
    hub.handle({ t: 'reconnect', tab: 'a', reason: 'test', generation: 1 });
    assert.equal(sockets.connections.length, 2);
    sockets.last().open();
    a.send({ ...bookSub, resumeSeq: 11, resumeEpoch: 1 });
    b.send({ ...bookSub, resumeSeq: 11, resumeEpoch: 1 });
    assert.deepEqual(sockets.last().sent, [{ ...bookSub, resumeSeq: 11, resumeEpoch: 1 }]);
  });

  it("ends a gone tab's subscriptions and closes the socket when no tab wants it", () => {
    const { sockets, hub } = openHub();
    const a = tab(hub, 'a');
    tab(hub, 'b');
    sockets.last().open();
    a.send(bookSub);
    hub.leave('a');
    assert.deepEqual(sockets.last().sent.at(-1), { op: 'unsubscribe', channel: 'book', symbol: 'BTC-USD' });
    assert.equal(sockets.last().closedWith, undefined);
    hub.handle({ t: 'release', tab: 'b' });
    assert.equal(sockets.last().closedWith, 1000);
    assert.equal(hub.tabCount, 1, 'B is still there for its index');
  });
});

describe('gateway hub: the index stream', () => {
  function indexHub() {
    const opened: { url: string; handlers: Parameters<IndexSourceFactory>[1]; closed: boolean }[] = [];
    const openIndex: IndexSourceFactory = (url, handlers) => {
      const source = { url, handlers, closed: false };
      opened.push(source);
      return () => void (source.closed = true);
    };
    const hub = new GatewayHub({ createSocket: fakeSockets().factory, openIndex });
    const source = (n: number) => {
      const found = opened[n];
      if (!found) throw new Error(`no index stream #${n} was opened`);
      return found;
    };
    return { hub, opened, source };
  }
  const indexEvents = (inbox: HolderMessage[]) => inbox.flatMap((m) => (m.t === 'index' ? [m.id] : []));

  it('opens one stream for every tab, gives a late tab the newest event, and closes with the last tab', () => {
    const { hub, opened, source } = indexHub();
    const a = tab(hub, 'a', { indexOnly: true });
    const b = tab(hub, 'b', { indexOnly: true });
    hub.handle({ t: 'index', tab: 'a', on: true });
    source(0).handlers.onOpen();
    source(0).handlers.onIndex('{"v":1}', '100-0');
    source(0).handlers.onIndex('{"v":2}', '101-0');
    hub.handle({ t: 'index', tab: 'b', on: true });
    assert.equal(opened.length, 1);
    assert.deepEqual(indexEvents(a.inbox), ['100-0', '101-0']);
    assert.deepEqual(indexEvents(b.inbox), ['101-0']);
    hub.handle({ t: 'index', tab: 'a', on: false });
    assert.equal(source(0).closed, false);
    hub.leave('b');
    assert.equal(source(0).closed, true);
  });

  it('replays kept events to a tab a little behind, and reopens from the point of a tab further behind', () => {
    const { hub, opened, source } = indexHub();
    const a = tab(hub, 'a', { indexOnly: true });
    const b = tab(hub, 'b', { indexOnly: true });
    const c = tab(hub, 'c', { indexOnly: true });
    hub.handle({ t: 'index', tab: 'a', on: true, lastId: '100-0' });
    assert.equal(source(0).url, '/api/stream/index?lastEventId=100-0');
    source(0).handlers.onIndex('{}', '101-0');
    source(0).handlers.onIndex('{}', '102-0');
    hub.handle({ t: 'index', tab: 'b', on: true, lastId: '101-0' });
    assert.deepEqual(indexEvents(b.inbox), ['102-0']);
    hub.handle({ t: 'index', tab: 'c', on: true, lastId: '90-0' });
    assert.equal(opened.length, 2);
    assert.equal(source(0).closed, true);
    assert.equal(source(1).url, '/api/stream/index?lastEventId=90-0');
    source(1).handlers.onIndex('{}', '91-0');
    assert.deepEqual(indexEvents(a.inbox), ['101-0', '102-0', '91-0'], 'A drops the replay it already has (tab side, by id)');
    assert.deepEqual(indexEvents(c.inbox), ['91-0']);
  });
});
