import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordIndexPayload, type GatewayMessage } from '../../../../lib/client/lab/index-payload.ts';
import { createStats } from '../../../../lib/client/lab/transport-stats.ts';
import { utf8Bytes, withoutHops } from '../../../../lib/client/lab/wire-bytes.ts';

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

  it('hands each index entry to onIndex after recording it (the hop recorder times it)', () => {
    const stats = createStats('ws');
    const ticks: string[] = [];
    recordIndexPayload(stats, [entry(1, 0), { type: 'hello' }, entry(2, 0)], 10, undefined, (tick) => ticks.push(String(tick.id)));
    assert.deepEqual(ticks, ['1700000000000-1', '1700000000000-2']);
  });

  it('counts a timed message without its hops, as the untimed message would be', () => {
    const plain = JSON.stringify(entry(1, 900));
    const timed = `${plain.slice(0, -1)},"hops":[900,901.2,901.3]}`;
    assert.equal(withoutHops(timed), plain);
    assert.equal(utf8Bytes(withoutHops(`42["index",[${timed},${timed}]]`)), utf8Bytes(`42["index",[${plain},${plain}]]`));
    assert.equal(withoutHops(plain), plain);
  });
});
