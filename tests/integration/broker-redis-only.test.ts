// What only the Redis broker has to get right: surviving dropped connections, and trimming queues shared by processes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { BrokerState } from '../../lib/broker/broker.ts';
import type { BrokerLogger } from '../../lib/broker/broker-logger.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

/** Swallows the warnings these tests provoke on purpose. */
const quietLogger: BrokerLogger = { warn: () => {}, info: () => {} };

describe('broker contract: redis only', () => {
  const prefix = uniquePrefix();
  let admin: Redis;
  before(() => {
    admin = new Redis(TEST_REDIS_URL, { connectionName: 'twtest-admin' });
  });
  after(async () => {
    await deleteRedisKeys(prefix);
    await admin.quit();
  });

  /** Kills only this run's broker connections, found by the prefix in their names. */
  async function killBrokerConnections(): Promise<number> {
    const list = await admin.client('LIST');
    const ids = String(list)
      .split('\n')
      .filter((line) => / name=(\S+)/.exec(line)?.[1]?.includes(prefix))
      .map((line) => / ?id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    for (const id of ids) await admin.client('KILL', 'ID', id);
    return ids.length;
  }

  it('survives Redis dropping its connections: reconnects, resubscribes, keeps consuming', async () => {
    const broker = new RedisBroker({ url: TEST_REDIS_URL, prefix, logger: quietLogger });
    const states: BrokerState[] = [];
    broker.onStateChange((state) => states.push(state));
    try {
      await waitFor('ready', () => broker.state === 'ready');
      const messages: string[] = [];
      const jobs: string[] = [];
      await broker.subscribe('live', (payload) => messages.push(payload));
      await broker.consume('work', { group: 'g', consumer: 'c', claimIdleMs: 60_000 }, async (e) => void jobs.push(e.data));
      await broker.enqueue('work', 'before');
      await waitFor('job before the outage', () => jobs.length === 1);
      states.length = 0;

      assert.ok((await killBrokerConnections()) >= 3, 'command, subscriber and reader connections were killed');
      await waitFor('ready again', () => states.at(-1) === 'ready' && broker.state === 'ready');
      assert.equal(states[0], 'reconnecting');

      await broker.publish('live', 'after');
      await waitFor('message after recovery', () => messages.includes('after'));
      await broker.enqueue('work', 'after');
      await waitFor('job after recovery', () => jobs.includes('after'));
      assert.deepEqual(jobs, ['before', 'after']);
    } finally {
      await broker.close();
    }
  });

  it('keeps queue entries a group has not read yet, even while none of its consumers runs', async () => {
    const broker = new RedisBroker({ url: TEST_REDIS_URL, prefix, logger: quietLogger });
    const settings = { claimIdleMs: 60_000, trimIntervalMs: 20 };
    try {
      await waitFor('ready', () => broker.state === 'ready');
      const handled = { online: 0, offline: 0 };
      const online = await broker.consume('shared', { ...settings, group: 'online', consumer: 'a' }, async () => void (handled.online += 1));
      // A group whose consumers are all down: it exists in Redis, but nothing reads for it.
      await admin.xgroup('CREATE', `${prefix}queue:shared`, 'offline', '0');
      for (let i = 0; i < 10; i += 1) await broker.enqueue('shared', `job${i}`);
      await waitFor('the online group through every entry', () => handled.online === 10);
      await sleep(300);
      assert.equal(await broker.queueLength('shared'), 10, 'nothing trimmed while a group has not read it');

      const offline = await broker.consume('shared', { ...settings, group: 'offline', consumer: 'b' }, async () => void (handled.offline += 1));
      await waitFor('the returning group through every entry', () => handled.offline === 10);
      await waitFor('trimmed once both groups acknowledged', async () => (await broker.queueLength('shared')) === 0);
      await Promise.all([online.stop(), offline.stop()]);
    } finally {
      await broker.close();
    }
  });
});
