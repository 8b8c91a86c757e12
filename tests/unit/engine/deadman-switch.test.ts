import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadmanSwitches } from '../../../workers/engine/deadman-switch.ts';

const NODE_TIMEOUT_MS = 3500;
const fresh = (startMs = 0): DeadmanSwitches => new DeadmanSwitches({ nodeTimeoutMs: NODE_TIMEOUT_MS }, startMs);

describe("dead-man's switch timing", () => {
  it('fires N seconds after the last node stopped listing the user, once', () => {
    const switches = fresh();
    switches.onPresence('gw-1', ['alice'], 0);
    switches.arm('alice', 5, 100);
    switches.onPresence('gw-1', ['alice'], 1000);
    switches.onPresence('gw-1', ['bob'], 1200); // alice's last socket left around 1200
    switches.onPresence('gw-1', ['bob'], 2200);
    assert.deepEqual(switches.due(6199), []);
    assert.deepEqual(switches.due(6200), ['alice']);
    assert.deepEqual(switches.due(9000), [], 'a fired switch is disarmed');
  });

  it('does not fire while a socket stays open on another node', () => {
    const switches = fresh();
    switches.arm('alice', 3, 0);
    for (let t = 0; t <= 10_000; t += 1000) {
      switches.onPresence('gw-1', [], t);
      switches.onPresence('gw-2', ['alice'], t);
      assert.deepEqual(switches.due(t + 500), [], `at ${t + 500} ms`);
    }
  });

  it('counts a node that stopped heartbeating as gone from its last heartbeat', () => {
    const switches = fresh();
    switches.arm('alice', 5, 0);
    switches.onPresence('gw-1', ['alice'], 1000); // gw-1 dies silently after this
    assert.deepEqual(switches.due(4000), [], 'the node is not presumed dead yet');
    assert.deepEqual(switches.due(5999), []);
    assert.deepEqual(switches.due(6000), ['alice'], '5 s after the last heartbeat that listed alice');
  });

  it('disarms with 0 and re-arming restarts the clock', () => {
    const switches = fresh();
    switches.arm('alice', 3, 0);
    switches.arm('alice', 0, 1000);
    assert.deepEqual(switches.due(60_000), []);
    switches.arm('alice', 3, 60_000);
    assert.deepEqual(switches.due(62_999), []);
    assert.deepEqual(switches.due(63_000), ['alice']);
    assert.deepEqual(switches.snapshot(), {});
  });

  it('a switch restored after a restart counts the user present at start', () => {
    const switches = fresh(10_000);
    switches.restore('alice', 4);
    assert.deepEqual(switches.snapshot(), { alice: 4 });
    assert.deepEqual(switches.due(13_999), []);
    assert.deepEqual(switches.due(14_000), ['alice']);
  });
});

describe('order.deadman request', () => {
  it('takes 0 (disarm) or whole seconds within bounds, nothing else', async () => {
    const { orderDeadmanSchema, DEADMAN_MIN_SECONDS, DEADMAN_MAX_SECONDS } = await import('../../../lib/protocol/orders.ts');
    for (const seconds of [0, DEADMAN_MIN_SECONDS, 60, DEADMAN_MAX_SECONDS]) assert.ok(orderDeadmanSchema.safeParse({ op: 'order.deadman', seconds }).success, `${seconds}`);
    for (const seconds of [-1, 1, DEADMAN_MIN_SECONDS - 1, DEADMAN_MAX_SECONDS + 1, 2.5, '10']) {
      assert.equal(orderDeadmanSchema.safeParse({ op: 'order.deadman', seconds }).success, false, `${String(seconds)}`);
    }
    assert.equal(orderDeadmanSchema.safeParse({ op: 'order.deadman', seconds: 5, extra: 1 }).success, false);
  });
});
