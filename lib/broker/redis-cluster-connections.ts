// How the Redis Cluster broker reaches a cluster: one seed node from REDIS_URL, the same credentials on every node.
import type { ClusterOptions } from 'ioredis';
import { reconnectDelayMs } from './redis-connections.ts';

/** The node a cluster client asks for the slot map first; it learns every other node from that map. */
export interface ClusterSeed {
  host: string;
  port: number;
}

/** Reads the seed node out of a `redis://` or `rediss://` URL (the database number is ignored: a cluster has only 0). */
export function clusterSeed(url: string): ClusterSeed {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

/**
 * Options for one named cluster client. Sharded subscribers cost a connection per master that owns a subscribed
 * slot, so only the client that subscribes turns them on. Auto-pipelining batches per node, as on one Redis.
 */
export function clusterOptions(url: string, name: string, hasShardedSubscribers: boolean): ClusterOptions {
  const parsed = new URL(url);
  // CLIENT SETNAME refuses spaces.
  const redisOptions: NonNullable<ClusterOptions['redisOptions']> = { connectionName: name.replace(/\s/g, '_') };
  if (parsed.username !== '') redisOptions.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') redisOptions.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') redisOptions.tls = {};
  return {
    shardedSubscribers: hasShardedSubscribers,
    enableAutoPipelining: true,
    // ioredis 6 would batch these like key commands, bypassing its sharded subscriber bookkeeping: the channels then
    // work until a subscriber connection is replaced, and are not subscribed again on the new one.
    autoPipeliningIgnoredCommands: ['ssubscribe', 'sunsubscribe'],
    clusterRetryStrategy: reconnectDelayMs,
    redisOptions,
  };
}
