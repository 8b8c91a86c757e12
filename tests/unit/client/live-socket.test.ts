import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { LiveSocket, type StateChange } from '../../../lib/client/live-socket.ts';
import type { ServerMessage } from '../../../lib/client/server-message.ts';
import { fakeSockets } from './fake-socket.ts';

function setup(random = () => 0.5) {
  const sockets = fakeSockets();
  const socket = new LiveSocket({ url: 'ws://test/ws', createSocket: sockets.factory, backoff: { baseMs: 1000, maxMs: 8000 }, random });
  const changes: StateChange[] = [];
  const messages: ServerMessage[] = [];
  socket.onState((change) => changes.push(change));
  socket.onMessage((message) => messages.push(message));
  return { sockets, socket, changes, messages };
}

describe('live socket', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('connects, reports open, and hands over every message of an array frame in order', () => {
    const { sockets, socket, changes, messages } = setup();
    socket.start();
    assert.equal(socket.state, 'connecting');
    sockets.last().open();
    sockets.last().receive([{ type: 'pong', serverTs: 1 }, { type: 'hello', node: 'n1', isAuthenticated: false }]);
    sockets.last().receive({ type: 'pong', serverTs: 2 });
    assert.deepEqual(changes.map((c) => c.newState), ['connecting', 'open']);
    assert.deepEqual(messages.map((m) => m.type), ['pong', 'hello', 'pong']);
  });

  it('drops frames that are not JSON objects with a type', () => {
    const { sockets, socket, messages } = setup();
    socket.start();
    sockets.last().open();
    sockets.last().handlers.onMessage('not json');
    sockets.last().receive([1, null, { no: 'type' }, { type: 'pong', serverTs: 1 }]);
    assert.deepEqual(messages.map((m) => m.type), ['pong']);
  });

  it('reconnects with growing, jittered delays and says when the next attempt is', () => {
    const { sockets, socket, changes } = setup(() => 0.5);
    socket.start();
    sockets.last().drop();
    assert.equal(socket.state, 'reconnecting');
    assert.equal(sockets.connections.length, 1);
    mock.timers.tick(499);
    assert.equal(sockets.connections.length, 1);
    mock.timers.tick(1);
    assert.equal(sockets.connections.length, 2, 'first retry after 0.5 × 1000 ms');
    sockets.last().drop();
    mock.timers.tick(999);
    assert.equal(sockets.connections.length, 2);
    mock.timers.tick(1);
    assert.equal(sockets.connections.length, 3, 'second retry after 0.5 × 2000 ms');
    assert.equal(socket.state, 'reconnecting', 'still reconnecting while the attempt is under way');
    const waits = changes.filter((c) => c.newState === 'reconnecting');
    assert.deepEqual(waits.map((c) => c.attempt), [1, 2]);
    assert.ok(waits.every((c) => typeof c.retryAt === 'number'));
  });

  it('resets the backoff once a connection delivers data', () => {
    const { sockets, socket } = setup(() => 0.999);
    socket.start();
    sockets.last().drop();
    mock.timers.tick(999);
    sockets.last().drop();
    mock.timers.tick(1998);
    sockets.last().open();
    sockets.last().receive({ type: 'hello', node: 'n', isAuthenticated: false });
    sockets.last().drop();
    const before = sockets.connections.length;
    mock.timers.tick(999);
    assert.equal(sockets.connections.length, before + 1, 'back to the first delay');
  });

  it('does not reset the backoff for a server that accepts and drops at once', () => {
    const { sockets, socket } = setup(() => 0.999);
    socket.start();
    sockets.last().open();
    sockets.last().drop();
    mock.timers.tick(999);
    sockets.last().open();
    sockets.last().drop();
    const before = sockets.connections.length;
    mock.timers.tick(999);
    assert.equal(sockets.connections.length, before, 'the second delay is longer');
    mock.timers.tick(999);
    assert.equal(sockets.connections.length, before + 1);
  });

  it('calls open listeners on every (re)connection so subscriptions are restored', () => {
    const { sockets, socket } = setup(() => 0);
    let opens = 0;
    socket.onOpen(() => opens++);
    socket.start();
    sockets.last().open();
    sockets.last().drop();
    mock.timers.tick(0);
    sockets.last().open();
    assert.equal(opens, 2);
  });

  it('sends only while open', () => {
    const { sockets, socket } = setup();
    socket.start();
    assert.equal(socket.send({ op: 'ping' }), false);
    sockets.last().open();
    assert.equal(socket.send({ op: 'ping' }), true);
    assert.deepEqual(sockets.last().sent, [{ op: 'ping' }]);
  });

  it('stops for good: closes the socket and ignores its late events', () => {
    const { sockets, socket, messages } = setup();
    socket.start();
    const first = sockets.last();
    first.open();
    socket.stop();
    assert.equal(first.closedWith, 1000);
    first.receive({ type: 'pong', serverTs: 1 });
    first.drop();
    mock.timers.tick(60_000);
    assert.equal(socket.state, 'closed');
    assert.equal(sockets.connections.length, 1);
    assert.equal(messages.length, 0);
  });

  it('reconnects at once on request, ignoring the dropped socket', () => {
    const { sockets, socket } = setup();
    socket.start();
    const first = sockets.last();
    first.open();
    socket.reconnect('no pong');
    assert.equal(first.closedWith, 4001);
    assert.equal(sockets.connections.length, 2);
    first.drop();
    assert.equal(sockets.connections.length, 2, 'the old socket closing does not schedule another attempt');
    sockets.last().open();
    assert.equal(socket.state, 'open');
  });
});
