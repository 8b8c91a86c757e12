import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PacedFanout, type FanoutTarget } from '../../../server/gateway/fanout/paced-fanout.ts';
import type { SharedFrame } from '../../../server/gateway/fanout/shared-frame.ts';

class Target implements FanoutTarget {
  fanoutMark = 0;
  readonly received: SharedFrame[] = [];
  constructor(
    public state: string = 'live',
    private readonly costMs = 0,
  ) {}

  send(frame: SharedFrame): void {
    this.received.push(frame);
    // Stands in for a socket write's CPU cost, so a pass spans several slices.
    const until = performance.now() + this.costMs;
    while (performance.now() < until);
  }

  get texts(): string[] {
    return this.received.map((frame) => frame.data.toString());
  }
}

function frame(n: number): SharedFrame {
  return { data: Buffer.from(`{"n":${n}}`), count: 1 };
}

async function settle(fanout: PacedFanout<Target>): Promise<void> {
  for (let i = 0; i < 1000; i++) await nextTurn();
  assert.ok(fanout, 'settled');
}

describe('PacedFanout', () => {
  it('writes a lone frame to every live subscriber at once, the same bytes to each', () => {
    const targets = new Set([new Target(), new Target(), new Target('waiting')]);
    const fanout = new PacedFanout(targets);
    const one = frame(1);
    fanout.push(one);
    const [a, b, waiting] = [...targets];
    assert.equal(a?.received[0], one);
    assert.equal(b?.received[0], one);
    assert.deepEqual(waiting?.received, [], 'only live subscribers get deltas');
  });

  it('joins a frame that arrives mid-pass into the one owed to the subscribers not yet written, built once', async () => {
    const targets = new Set(Array.from({ length: 200 }, () => new Target('live', 0.05)));
    const fanout = new PacedFanout(targets);
    fanout.push(frame(1)); // 200 × 0.05 ms = 10 ms: the first slice (1 ms) reaches only some
    const list = [...targets];
    const reached = list.filter((t) => t.received.length === 1).length;
    assert.ok(reached > 0 && reached < list.length, `first slice wrote ${reached} of ${list.length}`);
    fanout.push(frame(2));
    await settle(fanout);
    for (const target of list) {
      const joined = target.texts.join(',').replace(/[[\]]/g, '');
      assert.equal(joined, '{"n":1},{"n":2}', 'every subscriber gets 1 then 2, nothing twice');
    }
    const late = list.filter((t) => t.received.length === 1);
    assert.ok(late.length > 0, 'the subscribers not yet written got both in one frame');
    assert.ok(late.every((t) => t.received[0] === late[0]?.received[0]), 'one joined frame shared by all of them');
    assert.equal(late[0]?.received[0]?.count, 2);
  });

  it('flush writes everything owed before returning; reset forgets it', () => {
    const targets = new Set(Array.from({ length: 100 }, () => new Target('live', 0.05)));
    const fanout = new PacedFanout(targets);
    fanout.push(frame(1));
    fanout.flush();
    assert.ok([...targets].every((t) => t.texts.join() === '{"n":1}'));
    fanout.push(frame(2));
    fanout.reset();
    const behind = [...targets].filter((t) => t.received.length === 1);
    assert.ok(behind.length > 0);
    fanout.push(frame(3));
    fanout.flush();
    for (const target of behind) assert.deepEqual(target.texts, ['{"n":1}', '{"n":3}'], 'a reset drops what was owed');
  });

  it('owes a subscriber brought up to date (snapshot) nothing older than that', () => {
    const joining = new Target('waiting');
    const targets = new Set([new Target(), joining]);
    const fanout = new PacedFanout(targets);
    fanout.push(frame(1));
    joining.state = 'live';
    fanout.markCurrent(joining);
    fanout.push(frame(2));
    assert.deepEqual(joining.texts, ['{"n":2}']);
  });
});
