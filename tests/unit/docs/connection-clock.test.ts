// The Socket.IO capture's clock across connections: chunk times (counted from each connection's own
// start) land on one timeline that starts with the first connection.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startConnectionClock } from '../../../scripts/capture/connection-clock.ts';
import type { RecordedConnection } from '../../../scripts/capture/tcp-recorder.ts';

const connection = (number: number, startedAtMs: number): RecordedConnection => ({ number, startedAtMs, chunks: [], closed: Promise.resolve() });

describe('one clock for every recorded connection', () => {
  it('times each connection from the first one, and chunk times from there', () => {
    const first = connection(1, 1000);
    const second = connection(2, 1030);
    const clock = startConnectionClock({ port: 0, connections: [first, second], close: () => Promise.resolve() });
    assert.equal(clock.startOf(first), 0);
    assert.equal(clock.startOf(second), 30);
    assert.equal(clock.at(second, 5), 35);
  });
});
