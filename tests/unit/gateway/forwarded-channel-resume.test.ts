// A stream holder that resumes: the missed entries once, then the live ones, none twice, whether the live
// tail runs ahead of the read (entries queued while it runs) or behind it (entries already replayed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';
import { mergeAfter, type IdentifiedPayload } from '../../../server/gateway/ingest/forwarded-channel.ts';
import { fakeForwardedChannel } from '../../helpers/forwarded-channel-fixture.ts';

const entry = (id: string): IdentifiedPayload => ({ id, payload: JSON.stringify({ type: 'trade', id }) });

function setup() {
  const { channel, holders, push } = fakeForwardedChannel();
  const holder = (): { ids: string[]; send(frame: SharedFrame): void } => {
    const ids: string[] = [];
    const target = {
      ids,
      send: (frame: SharedFrame) => {
        const parsed = JSON.parse(frame.data.toString()) as { id: string } | { id: string }[];
        for (const message of Array.isArray(parsed) ? parsed : [parsed]) ids.push(message.id);
      },
    };
    holders.add(target);
    return target;
  };
  const live = (id: string): void => push(entry(id).payload, id);
  return { channel, holder, live };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('forwarded channel resume', () => {
  it('queues live entries during the read and sends each missed entry once, then the live ones', async () => {
    const { channel, holder, live } = setup();
    const other = holder();
    await channel.ready();
    const resumer = holder();
    let finishRead: (entries: IdentifiedPayload[]) => void = () => undefined;
    const replayed: number[] = [];
    const done = channel.resume(resumer, '1-0', () => new Promise((resolve) => (finishRead = resolve)), (count) => replayed.push(count));
    await tick();
    live('4-0'); // arrives while the read runs, and is also in the read
    live('5-0'); // arrives while the read runs, after it
    finishRead([entry('2-0'), entry('3-0'), entry('4-0')]);
    await done;
    live('6-0');
    await tick();
    live('7-0');
    await tick();
    assert.deepEqual(replayed, [4]);
    assert.deepEqual(resumer.ids, ['2-0', '3-0', '4-0', '5-0', '6-0', '7-0']);
    assert.deepEqual(other.ids, ['4-0', '5-0', '6-0', '7-0']);
  });

  it('skips live entries it already replayed when the tail runs behind the read', async () => {
    const { channel, holder, live } = setup();
    await channel.ready();
    const resumer = holder();
    await channel.resume(resumer, '1-0', async () => [entry('2-0'), entry('3-0')], () => undefined);
    live('2-0');
    live('3-0');
    live('4-0');
    await tick();
    live('5-0');
    await tick();
    assert.deepEqual(resumer.ids, ['2-0', '3-0', '4-0', '5-0']);
  });

  it('merges lists after a point, each id once, in order', () => {
    assert.deepEqual(
      mergeAfter('2-0', [entry('1-0'), entry('3-0'), entry('10-0')], [entry('3-0'), entry('4-0')]).map((e) => e.id),
      ['3-0', '4-0', '10-0'],
    );
  });
});
