// Where the engine keeps armed dead-man's switches: one hash field per user (an arm writes only its own
// field, a disarm deletes it), and the single JSON key of older engines moved into the hash once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { DEADMAN_KEY, DEADMAN_SWITCHES } from '../../lib/protocol/channels.ts';
import { startDeadmanWatch, type DeadmanWatch } from '../../workers/engine/deadman-watch.ts';
import { OpenOrderIndex } from '../../workers/engine/open-order-index.ts';
import { SerialQueue } from '../../workers/engine/serial-queue.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';

for (const kind of ['memory', 'redis'] as const) {
  describe(`dead-man switch storage (${kind} broker)`, () => {
    let h: EngineHarness;
    const watches: DeadmanWatch[] = [];
    const start = async (): Promise<DeadmanWatch> => {
      const deps = { prisma: h.db.prisma, broker: h.broker, logger: pino({ level: 'silent' }), serial: new SerialQueue(), index: new OpenOrderIndex(), transactionTimeoutMs: 5000 };
      const watch = await startDeadmanWatch(deps);
      watches.push(watch);
      return watch;
    };

    before(async () => {
      h = await openEngineHarness(kind);
    });
    after(async () => {
      await Promise.all(watches.map((watch) => watch.close()));
      await h.close();
    });

    it('keeps one field per user: arming writes it, disarming deletes it, others stay', async () => {
      const watch = await start();
      await watch.arm('alice', 30, 'a1');
      await watch.arm('bob', 5, 'b1');
      await watch.arm('alice', 60, 'a2');
      assert.deepEqual(await h.broker.readFields(DEADMAN_SWITCHES), { alice: '60', bob: '5' });
      const disarmed = await watch.arm('bob', 0, 'b2');
      assert.deepEqual({ ...disarmed, ts: 0 }, { type: 'order.deadman', requestId: 'b2', seconds: 0, ts: 0 });
      assert.deepEqual(await h.broker.readFields(DEADMAN_SWITCHES), { alice: '60' });
      assert.equal(await h.broker.get(DEADMAN_KEY), null, 'nothing is written to the old key');
      await watch.arm('alice', 0, 'a3');
    });

    it("moves an older engine's JSON key into the hash once, keeping switches armed in the hash since", async () => {
      await h.broker.setField(DEADMAN_SWITCHES, 'carol', '9');
      await h.broker.set(DEADMAN_KEY, JSON.stringify({ dave: 5, carol: 7, erin: 0, frank: 'x' }));
      await start();
      assert.deepEqual(await h.broker.readFields(DEADMAN_SWITCHES), { carol: '9', dave: '5' });
      assert.equal(await h.broker.get(DEADMAN_KEY), null, 'the old key is deleted');
      // A second start finds no old key and leaves the hash as it is.
      await start();
      assert.deepEqual(await h.broker.readFields(DEADMAN_SWITCHES), { carol: '9', dave: '5' });
    });

    it('drops an old key that is not JSON', async () => {
      await h.broker.set(DEADMAN_KEY, 'not json');
      await start();
      assert.equal(await h.broker.get(DEADMAN_KEY), null);
    });
  });
}
