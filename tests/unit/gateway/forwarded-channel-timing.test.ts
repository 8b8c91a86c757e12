// The index's hop times over the gateway: a holder that asked for them gets each live tick of a batch
// with `hops` [feed ts, read, sent] (read in arrival order, one sent stamp per batch, the same frame
// object for every timed holder); a plain holder gets the batch byte for byte as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hopsOf } from '../../../lib/protocol/hops.ts';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { indexFeedTs } from '../../../server/gateway/ingest/forward-checks.ts';
import { fakeForwardedChannel } from '../../helpers/forwarded-channel-fixture.ts';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const indexPayload = (id: string, ts: number): string => JSON.stringify({ type: 'index', id, ts, value: '100.5' });

function setup(timedChannel = true) {
  const { channel, holders, push } = fakeForwardedChannel(timedChannel ? { feedTsOf: indexFeedTs } : {});
  const holder = (timed: boolean): { frames: SharedFrame[]; send(frame: SharedFrame): void; timed: boolean } => {
    const target = { frames: [] as SharedFrame[], timed, send: (frame: SharedFrame) => void target.frames.push(frame) };
    holders.add(target);
    return target;
  };
  return { channel, holder, live: (id: string, ts: number) => push(indexPayload(id, ts), id) };
}

const messagesOf = (frames: SharedFrame[]): Record<string, unknown>[] =>
  frames.flatMap((frame) => {
    const parsed = JSON.parse(frame.data.toString()) as Record<string, unknown> | Record<string, unknown>[];
    return Array.isArray(parsed) ? parsed : [parsed];
  });

describe('forwarded channel hop times', () => {
  it('stamps each tick of a batch for timed holders and leaves plain holders their bytes', async () => {
    const { channel, holder, live } = setup();
    await channel.ready();
    const plain = holder(false);
    const timedA = holder(true);
    const timedB = holder(true);
    const feedTs = Date.now();
    live('1-0', feedTs);
    live('2-0', feedTs + 1);
    await tick();
    assert.equal(plain.frames.length, 1);
    assert.equal(plain.frames[0]?.data.toString(), `[${indexPayload('1-0', feedTs)},${indexPayload('2-0', feedTs + 1)}]`);
    assert.equal(timedA.frames[0], timedB.frames[0], 'one timed frame built for every timed holder');
    const timed = messagesOf(timedA.frames);
    assert.deepEqual(
      timed.map((m) => m.id),
      ['1-0', '2-0'],
    );
    const [first, second] = timed.map((m) => hopsOf(m));
    assert.ok(first && second, 'both ticks carry hops');
    assert.equal(first[0], feedTs);
    assert.equal(second[0], feedTs + 1);
    assert.ok(first[1] <= second[1], 'read in arrival order');
    assert.equal(first[2], second[2], 'one sent stamp per batch');
    assert.ok(first[1] <= first[2], 'read ≤ sent');
  });

  it('adds nothing on a channel without feed times (trades, candles)', async () => {
    const { channel, holder, live } = setup(false);
    await channel.ready();
    const timed = holder(true);
    live('1-0', 5);
    await tick();
    assert.equal(timed.frames[0]?.data.toString(), indexPayload('1-0', 5));
  });

  it('replays a resuming timed holder without hops, then stamps its live ticks', async () => {
    const { channel, holder, live } = setup();
    await channel.ready();
    const timed = holder(true);
    await channel.resume(timed, '1-0', async () => [{ id: '2-0', payload: indexPayload('2-0', 7) }], () => undefined);
    live('3-0', 8);
    await tick();
    live('4-0', 9);
    await tick();
    const messages = messagesOf(timed.frames);
    assert.deepEqual(
      messages.map((m) => [m.id, hopsOf(m) !== undefined]),
      [
        ['2-0', false],
        ['3-0', false],
        ['4-0', true],
      ],
    );
  });

  it('reads the feed time of an index payload only when it is a finite number', () => {
    assert.equal(indexFeedTs(indexPayload('1-0', 12)), 12);
    assert.equal(indexFeedTs('{"type":"index","ts":"12"}'), undefined);
    assert.equal(indexFeedTs('not json'), undefined);
  });
});
