// Picks the broker for this process: Redis (one server or a cluster) when one is configured, the in-process one otherwise.
import type { Broker } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import { MemoryBroker } from './memory-broker.ts';
import { RedisBroker } from './redis-broker.ts';
import { RedisClusterBroker } from './redis-cluster-broker.ts';

/** What `createBroker` needs: a Redis URL (absent for the embedded mode), whether it seeds a cluster, and the key prefix. */
export interface CreateBrokerOptions {
  redisUrl?: string;
  /** `redisUrl` names one node of a Redis Cluster: use sharded pub/sub and hash-tagged names (docs/scaling.md). */
  isRedisCluster?: boolean;
  prefix: string;
  logger?: BrokerLogger;
}

/** Creates the process's broker; Redis connects in the background and reports through `onStateChange`. */
export function createBroker(options: CreateBrokerOptions): Broker {
  if (!options.redisUrl) return new MemoryBroker({ logger: options.logger });
  const redis = { url: options.redisUrl, prefix: options.prefix, logger: options.logger };
  return options.isRedisCluster ? new RedisClusterBroker(redis) : new RedisBroker(redis);
}
