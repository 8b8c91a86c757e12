// Reading REDIS_URL as a cluster seed: the node to ask first, and what every node connection needs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clusterOptions, clusterSeed } from '../../../lib/broker/redis-cluster-connections.ts';

describe('redis cluster connections', () => {
  it('takes the seed node from the URL, with Redis port 6379 by default', () => {
    assert.deepEqual(clusterSeed('redis://10.0.0.5:7000'), { host: '10.0.0.5', port: 7000 });
    assert.deepEqual(clusterSeed('redis://redis.internal/0'), { host: 'redis.internal', port: 6379 });
  });

  it('gives every node the URL credentials, TLS for rediss:, and the connection name without spaces', () => {
    const options = clusterOptions('rediss://app:p%40ss@10.0.0.5:7000', 'tw:reader:orders:engine 1', false);
    assert.deepEqual(options.redisOptions, { connectionName: 'tw:reader:orders:engine_1', username: 'app', password: 'p@ss', tls: {} });
    assert.equal(options.shardedSubscribers, false);
    assert.deepEqual(clusterOptions('redis://10.0.0.5:7000', 'tw:command', true).redisOptions, { connectionName: 'tw:command' });
  });

  it('keeps sharded (un)subscribes out of auto-pipelining, so ioredis tracks them for resubscription', () => {
    const options = clusterOptions('redis://10.0.0.5:7000', 'tw:command', true);
    assert.equal(options.shardedSubscribers, true);
    assert.equal(options.enableAutoPipelining, true);
    assert.deepEqual(options.autoPipeliningIgnoredCommands, ['ssubscribe', 'sunsubscribe']);
  });
});
