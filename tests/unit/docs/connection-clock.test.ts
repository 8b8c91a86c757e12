// The Socket.IO capture's clock across connections: each connection the recorder adds is stamped
// as it is added, so chunk times (counted from each connection's own start) land on one timeline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startConnectionClock } from '../../../scripts/capture/connection-clock.ts';
import type { RecordedConnection, TcpRecorder } from '../../../scripts/capture/tcp-recorder.ts';

const connection = (number: number): RecordedConnection => ({ number, chunks: [], closed: Promise.resolve() });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('one clock for every recorded connection', () => {
  it('times each connection from the first one, and chunk times from there', async () => {
    const connections: RecordedConnection[] = [];
    const recorder: TcpRecorder = { port: 0, connections, close: () => Promise.resolve() };
    const clock = startConnectionClock(recorder);
    const first = connection(1);
    const second = connection(2);
    connections.push(first);
    await sleep(30);
    connections.push(second);
    assert.equal(connections.length, 2, 'the connections are still listed');
    assert.equal(clock.startOf(first), 0);
    assert.ok(clock.startOf(second) >= 25 && clock.startOf(second) < 1000, `second started at ${clock.startOf(second)} ms`);
    assert.equal(clock.at(second, 5), clock.startOf(second) + 5);
  });

  it('refuses to time a connection accepted before it started', () => {
    const early = connection(1);
    const connections: RecordedConnection[] = [early];
    const clock = startConnectionClock({ port: 0, connections, close: () => Promise.resolve() });
    connections.push(connection(2));
    assert.throws(() => clock.startOf(early), /connection 1 was accepted before the clock started/);
  });
});
