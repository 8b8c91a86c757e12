import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { MarketSession } from '../../../lib/client/market-session.ts';
import { CLOSE_CODES } from '../../../lib/protocol/codes.ts';
import { fakeSockets } from './fake-socket.ts';

describe('a socket whose session ended', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval'] }));
  afterEach(() => mock.timers.reset());

  function setup() {
    const sockets = fakeSockets();
    const session = new MarketSession({ url: 'ws://test/ws', createSocket: sockets.factory, backoff: { baseMs: 1000, maxMs: 8000 }, random: () => 0.5 });
    const ended: number[] = [];
    const codes: number[] = [];
    session.onSessionEnded(() => ended.push(Date.now()));
    session.socket.onClose((code) => codes.push(code));
    session.start();
    sockets.last().open();
    sockets.last().receive({ type: 'hello', node: 'n1', isAuthenticated: true, userId: 'u1' });
    return { sockets, session, ended, codes };
  }

  it('is reported once for a 4001 close, and the retry is already scheduled with backoff (no tight loop)', () => {
    const { sockets, session, ended, codes } = setup();
    sockets.last().drop(CLOSE_CODES.SESSION_ENDED);
    assert.equal(ended.length, 1);
    assert.deepEqual(codes, [4001]);
    assert.equal(session.socket.state, 'reconnecting');
    assert.equal(sockets.connections.length, 1, 'no attempt before the backoff');
    mock.timers.tick(500);
    assert.equal(sockets.connections.length, 2);
    session.stop();
  });

  it('is not reported for other closes', () => {
    const { sockets, session, ended, codes } = setup();
    sockets.last().drop(CLOSE_CODES.GOING_AWAY);
    mock.timers.tick(500);
    sockets.last().drop(1006);
    assert.deepEqual(ended, []);
    assert.deepEqual(codes, [1001, 1006]);
    session.stop();
  });

  it('lets the owner reconnect at once with a new session', () => {
    const { sockets, session, ended } = setup();
    sockets.last().drop(CLOSE_CODES.SESSION_ENDED);
    assert.equal(ended.length, 1);
    session.socket.reconnect('new session');
    assert.equal(sockets.connections.length, 2);
    sockets.last().open();
    assert.equal(session.socket.state, 'open');
    mock.timers.tick(600);
    assert.equal(sockets.connections.length, 2, 'the retry scheduled by the close was cancelled');
    session.stop();
  });
});
