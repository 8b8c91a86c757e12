// The Redis Cluster broker against a three-master cluster of the test's own: the whole broker contract, then what
// only sharded pub/sub shows (channels spread over masters, each subscribed on its owner), and the config switch.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BrokerState } from '../../lib/broker/broker.ts';
import type { BrokerLogger } from '../../lib/broker/broker-logger.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { RedisClusterBroker } from '../../lib/broker/redis-cluster-broker.ts';
import { redisClusterNames } from '../../lib/broker/redis-names.ts';
import { loadConfig } from '../../lib/config.ts';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../helpers/private-redis-cluster.ts';
import { uniquePrefix } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { brokerContractSuite } from './broker-contract-suite.ts';

/** Swallows the warnings the reconnect test provokes on purpose. */
const quietLogger: BrokerLogger = { warn: () => {}, info: () => {} };

describe('redis cluster', { timeout: 120_000 }, () => {
  let privateCluster: PrivateRedisCluster | undefined;
  before(async () => {
    privateCluster = await startPrivateRedisCluster(3);
  });
  after(async () => {
    await privateCluster?.stop();
  });

  function cluster(): PrivateRedisCluster {
    if (!privateCluster) throw new Error('the private cluster did not start');
    return privateCluster;
  }

  // The cluster is thrown away at the end, so nothing needs deleting.
  const contractPrefix = uniquePrefix();
  brokerContractSuite({
    label: 'redis cluster',
    open: (logger) => new RedisClusterBroker({ url: cluster().url, prefix: contractPrefix, logger }),
    cleanup: async () => {},
  });

  describe('sharded pub/sub', () => {
    const prefix = uniquePrefix();
    const names = redisClusterNames(prefix);
    let publisher: RedisClusterBroker;
    let subscriber: RedisClusterBroker;

    before(async () => {
      publisher = new RedisClusterBroker({ url: cluster().url, prefix, logger: quietLogger });
      subscriber = new RedisClusterBroker({ url: cluster().url, prefix, logger: quietLogger });
      await waitFor('both brokers ready', () => publisher.state === 'ready' && subscriber.state === 'ready');
    });
    after(async () => {
      await Promise.all([publisher.close(), subscriber.close()]);
    });

    /** This run's shard channels a master holds subscriptions for, sorted. */
    async function shardChannelsOn(port: number): Promise<string[]> {
      const listed = await cluster().cli(port, 'PUBSUB', 'SHARDCHANNELS', `*${prefix}*`);
      return listed.split('\n').filter(Boolean).sort();
    }

    /** The ids of this run's sharded subscriber connections on one master. */
    async function shardedSubscriberIds(port: number): Promise<string[]> {
      const lines = (await cluster().cli(port, 'CLIENT', 'LIST')).split('\n');
      const isOurs = (line: string): boolean => / name=\S*ssubscriber\S*/.test(line) && line.includes(prefix);
      return lines.filter(isOurs).map((line) => /^id=(\d+)/.exec(line)?.[1] ?? '').filter(Boolean);
    }

    /** Kills them on every master; resolves to the killed ids by port. */
    async function killShardedSubscribers(): Promise<Map<number, string[]>> {
      const killed = new Map<number, string[]>();
      for (const port of cluster().ports) {
        const ids = await shardedSubscriberIds(port);
        for (const id of ids) await cluster().cli(port, 'CLIENT', 'KILL', 'ID', id);
        if (ids.length > 0) killed.set(port, ids);
      }
      return killed;
    }

    it('delivers channels owned by different masters, each subscribed only on its owner', async () => {
      const channels = Array.from({ length: 12 }, (_, i) => `spread-${i}`);
      const owners = await Promise.all(channels.map((channel) => cluster().ownerOf(names.channel(channel))));
      assert.ok(new Set(owners.map((owner) => owner.port)).size >= 2, 'the test channels live on at least two masters');
      assert.ok(new Set(owners.map((owner) => owner.slot)).size >= 2, 'and in several slots');

      const received = new Map<string, string[]>(channels.map((channel) => [channel, []]));
      const unsubscribes = await Promise.all(
        channels.map((channel) => subscriber.subscribe(channel, (payload) => received.get(channel)?.push(payload))),
      );
      await Promise.all(channels.map((channel) => publisher.publish(channel, `to ${channel}`)));
      await waitFor('a message on every channel', () => channels.every((channel) => received.get(channel)?.length === 1));
      assert.deepEqual([...received], channels.map((channel) => [channel, [`to ${channel}`]]));

      for (const port of cluster().ports) {
        const owned = channels.filter((_, i) => owners[i]?.port === port).map((channel) => names.channel(channel));
        assert.deepEqual(await shardChannelsOn(port), owned.sort(), `PUBSUB SHARDCHANNELS on ${port} lists exactly the channels it owns`);
      }

      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
      for (const port of cluster().ports) assert.deepEqual(await shardChannelsOn(port), [], `SUNSUBSCRIBE by name on ${port}`);
    });

    it('keeps a stream and its tail channel in one slot, whatever the stream is called', async () => {
      for (const stream of ['md:index', 'odd}name{', '{tagged}:book']) {
        const [key, tail] = await Promise.all([cluster().ownerOf(names.stream(stream)), cluster().ownerOf(names.tail(stream))]);
        assert.deepEqual(tail, key, `stream ${stream} and its tail share a slot`);
      }
      const received: string[] = [];
      const stop = await subscriber.tail('md:index', (entry) => received.push(`${entry.id} ${entry.data}`));
      const expected: string[] = [];
      for (let i = 0; i < 10; i += 1) expected.push(`${await publisher.append('md:index', `tick${i}`, { maxLen: 100, publish: true })} tick${i}`);
      await waitFor('ten tail entries', () => received.length === expected.length);
      assert.deepEqual(received, expected);
      const owner = await cluster().ownerOf(names.tail('md:index'));
      assert.deepEqual(await shardChannelsOn(owner.port), [names.tail('md:index')]);
      await stop();
    });

    it('holds one shard subscription per channel in a process, however many handlers', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const removeFirst = await subscriber.subscribe('shared', (payload) => first.push(payload));
      const removeSecond = await subscriber.subscribe('shared', (payload) => second.push(payload));
      const owner = await cluster().ownerOf(names.channel('shared'));
      assert.equal(await cluster().cli(owner.port, 'PUBSUB', 'SHARDNUMSUB', names.channel('shared')), `${names.channel('shared')}\n1`);
      await publisher.publish('shared', 'both');
      await waitFor('both handlers', () => first.length === 1 && second.length === 1);
      await Promise.all([removeFirst(), removeSecond()]);
      assert.equal(await cluster().cli(owner.port, 'PUBSUB', 'SHARDNUMSUB', names.channel('shared')), `${names.channel('shared')}\n0`);
    });

    it('reports reconnecting while its sharded subscriber connections are lost, and delivers again once ready', async () => {
      const channels = Array.from({ length: 6 }, (_, i) => `survivor-${i}`);
      const received: string[] = [];
      const unsubscribes = await Promise.all(channels.map((channel) => subscriber.subscribe(channel, (payload) => received.push(payload))));
      const states: BrokerState[] = [];
      const removeListener = subscriber.onStateChange((state) => states.push(state));
      try {
        const killed = await killShardedSubscribers();
        assert.ok(killed.size >= 2, 'subscriber connections on several masters were killed');
        // A replacement exists only once ioredis has seen its predecessor end, so every loss has been reported by then.
        await waitFor('a new subscriber connection on every master that lost one', async () => {
          for (const [port, ids] of killed) if (!(await shardedSubscriberIds(port)).some((id) => !ids.includes(id))) return false;
          return true;
        });
        await waitFor('ready again', () => states.at(-1) === 'ready' && subscriber.state === 'ready');
        assert.equal(states[0], 'reconnecting');
        await Promise.all(channels.map((channel) => publisher.publish(channel, channel)));
        await waitFor('every channel after recovery', () => received.length === channels.length);
        assert.deepEqual([...received].sort(), [...channels].sort());
      } finally {
        removeListener();
        await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
      }
    });
  });

  describe('the REDIS_CLUSTER switch', () => {
    it('makes createBroker open a cluster broker on the seed node REDIS_URL names', async () => {
      const config = loadConfig('gateway', { REDIS_URL: cluster().url, REDIS_CLUSTER: 'true', REDIS_PREFIX: 'twtest:switch:', DATABASE_URL: 'postgresql://u@127.0.0.1:5432/unused' });
      assert.equal(config.redisCluster, true);
      const broker = createBroker({ redisUrl: config.redisUrl, isRedisCluster: config.redisCluster, prefix: config.redisPrefix, logger: quietLogger });
      try {
        assert.ok(broker instanceof RedisClusterBroker);
        await waitFor('ready', () => broker.state === 'ready');
        const received: string[] = [];
        await broker.subscribe('switch', (payload) => received.push(payload));
        await broker.publish('switch', 'sharded');
        await waitFor('the message', () => received.length === 1);
      } finally {
        await broker.close();
      }
    });

    it('is off by default, and refuses other values and a cluster without REDIS_URL', () => {
      assert.equal(loadConfig('all', {}).redisCluster, false);
      assert.throws(() => loadConfig('gateway', { REDIS_URL: cluster().url, REDIS_CLUSTER: 'yes' }), {
        code: 'CONFIG_INVALID',
        message: 'Invalid configuration: REDIS_CLUSTER must be true or false (got "yes")',
      });
      assert.throws(() => loadConfig('all', { REDIS_CLUSTER: 'true' }), {
        code: 'CONFIG_INVALID',
        message: 'Invalid configuration: REDIS_URL must name a cluster node when REDIS_CLUSTER is true (got undefined)',
      });
    });
  });
});
