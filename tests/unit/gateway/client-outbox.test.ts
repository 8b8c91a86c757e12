// The outbox's congestion rules, driven by a socket whose drain the test controls: a reader that
// stops must be cut off after maxSlowMs, not flap between conflated and drained for ever.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { JSON_FORMAT } from '../../../server/gateway/fanout/outbound-format.ts';
import { WsPort } from '../../../server/gateway/connection/ws-port.ts';
import { ClientOutbox, type OutboxEvents } from '../../../server/gateway/fanout/client-outbox.ts';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { ControlledSocket } from '../../helpers/controlled-socket.ts';

function recorder(): OutboxEvents & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    onCongested: () => log.push('congested'),
    onDrained: () => log.push('drained'),
    onOverflow: (reason) => log.push(`overflow:${reason}`),
  };
}

function frame(text: string): SharedFrame {
  return { data: Buffer.from(text), count: 1 };
}

const LIMITS = { highWaterBytes: 1000, hardLimitBytes: 100_000, maxSlowMs: 2000 };

function outboxOn(socket: ControlledSocket, events: OutboxEvents): ClientOutbox {
  return new ClientOutbox(new WsPort(socket as unknown as WebSocket), JSON_FORMAT, LIMITS, events);
}

describe('ClientOutbox', () => {
  it('writes at once while the socket keeps up, and joins what piled up into one frame, in order', () => {
    const socket = new ControlledSocket();
    const outbox = outboxOn(socket, recorder());
    outbox.send(frame('{"n":1}'));
    outbox.send(frame('{"n":2}'));
    outbox.send(frame('{"n":3}'));
    assert.deepEqual(socket.sent, ['{"n":1}'], 'the second and third wait for the first write');
    socket.drainAll();
    assert.deepEqual(socket.sent, ['{"n":1}', '[{"n":2},{"n":3}]']);
  });

  it('closes a reader that stopped after maxSlowMs, even once conflation has emptied its held frames', () => {
    const socket = new ControlledSocket();
    const events = recorder();
    const outbox = outboxOn(socket, events);
    const book = {};
    // A small write the peer never reads, then frames held behind it until past the high-water mark.
    outbox.send(frame('{"first":true}'), book);
    for (let i = 0; i < 20; i += 1) outbox.send(frame(`{"delta":${i},"pad":"${'x'.repeat(80)}"}`), book);
    assert.deepEqual(events.log, ['congested']);
    // The gateway conflates the book: its held frames go. Only the unread first write remains,
    // far under the low-water mark, but the socket has not taken it.
    outbox.dropOwned(book);
    assert.ok(outbox.queuedBytes > 0 && outbox.queuedBytes < LIMITS.highWaterBytes / 4);
    const start = Date.now();
    for (let t = 100; t <= LIMITS.maxSlowMs - 100; t += 100) outbox.check(start + t);
    assert.deepEqual(events.log, ['congested'], 'not drained while the socket still holds unread bytes');
    outbox.check(start + LIMITS.maxSlowMs + 200);
    assert.deepEqual(events.log, ['congested', 'overflow:too-slow']);
    outbox.send(frame('{"after":true}'));
    assert.equal(socket.sent.length, 1, 'nothing is written after the overflow');
  });

  it('reports drained once a congested socket has written everything, and does not close it', () => {
    const socket = new ControlledSocket();
    const events = recorder();
    const outbox = outboxOn(socket, events);
    outbox.send(frame('{"first":true}'));
    for (let i = 0; i < 20; i += 1) outbox.send(frame(`{"delta":${i},"pad":"${'x'.repeat(80)}"}`));
    assert.deepEqual(events.log, ['congested']);
    socket.drainAll(); // flushes the held frames as one write
    assert.deepEqual(events.log, ['congested'], 'the joined write is still in flight');
    socket.drainAll();
    assert.deepEqual(events.log, ['congested', 'drained']);
    assert.equal(socket.sent.length, 2);
    outbox.check(Date.now() + LIMITS.maxSlowMs * 3);
    assert.deepEqual(events.log, ['congested', 'drained'], 'a socket that recovered is never closed');
  });

  it('overflows at once past the hard limit', () => {
    const socket = new ControlledSocket();
    const events = recorder();
    const outbox = outboxOn(socket, events);
    outbox.send(frame('{"first":true}'));
    const big = frame(`{"pad":"${'x'.repeat(LIMITS.hardLimitBytes)}"}`);
    outbox.send(big);
    assert.deepEqual(events.log, ['overflow:hard-limit']);
  });
});
