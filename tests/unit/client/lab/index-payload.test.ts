import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordIndexPayload, type GatewayMessage } from '../../../../lib/client/lab/index-payload.ts';
import { createStats } from '../../../../lib/client/lab/transport-stats.ts';

const entry = (seq: number, ts: number) => ({ type: 'index', id: `1700000000000-${seq}`, ts, value: '1' });

describe('an index payload from any codec', () => {
  it('records one message, or each message of an array in order', () => {
    const stats = createStats('stomp');
    recordIndexPayload(stats, entry(1, 900), 1000);
    recordIndexPayload(stats, [entry(2, 950), entry(3, 990)], 1000);
    assert.equal(stats.updates, 3);
    assert.deepEqual(stats.ids, ['1700000000000-1', '1700000000000-2', '1700000000000-3']);
    assert.deepEqual(stats.latenciesMs, [100, 50, 10]);
  });

  it('hands other messages to onOther and skips what is not a message', () => {
    const stats = createStats('socketio');
    const others: GatewayMessage[] = [];
    recordIndexPayload(stats, [{ type: 'hello', node: 'n1' }, null, 7, { type: 'index', id: 5 }, entry(1, 0)], 10, (m) => others.push(m));
    assert.deepEqual(others, [{ type: 'hello', node: 'n1' }, { type: 'index', id: 5 }]);
    assert.equal(stats.updates, 1);
  });

  it('counts a repeated id as a duplicate', () => {
    const stats = createStats('stomp');
    recordIndexPayload(stats, [entry(1, 0), entry(1, 0)], 10);
    assert.deepEqual([stats.updates, stats.duplicates], [1, 1]);
  });
});
