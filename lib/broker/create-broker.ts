// Picks the broker for this process: the one BROKER names, else Redis (one server or a cluster) when one
// is configured, the in-process one otherwise.
import type { Broker } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import { MemoryBroker } from './memory-broker.ts';
import { NatsBroker } from './nats-broker.ts';
import { RedisBroker } from './redis-broker.ts';
import { RedisClusterBroker } from './redis-cluster-broker.ts';

/** The brokers a process can run on (BROKER). */
export type BrokerKind = Broker['kind'];

/** What `createBroker` needs: which broker (or a Redis URL to imply it), its URL, whether Redis is a cluster, and the prefixes. */
export interface CreateBrokerOptions {
  /** Unset: Redis when `redisUrl` is set, memory otherwise (the choice before NATS existed). */
  kind?: BrokerKind;
  redisUrl?: string;
  /** `redisUrl` names one node of a Redis Cluster: use sharded pub/sub and hash-tagged names (docs/scaling.md). */
  isRedisCluster?: boolean;
  /** Redis key prefix. */
  prefix: string;
  natsUrl?: string;
  /** NATS subject, stream and bucket prefix (letters, digits and dashes). */
  natsPrefix?: string;
  logger?: BrokerLogger;
}

/** Creates the process's broker; Redis and NATS connect in the background and report through `onStateChange`. */
export function createBroker(options: CreateBrokerOptions): Broker {
  const kind = options.kind ?? (options.redisUrl ? 'redis' : 'memory');
  if (kind === 'memory') return new MemoryBroker({ logger: options.logger });
  if (kind === 'nats') {
    if (!options.natsUrl) throw new Error('createBroker: the NATS broker needs natsUrl');
    return new NatsBroker({ url: options.natsUrl, prefix: options.natsPrefix ?? 'tw', logger: options.logger });
  }
  if (!options.redisUrl) throw new Error('createBroker: the Redis broker needs redisUrl');
  const redis = { url: options.redisUrl, prefix: options.prefix, logger: options.logger };
  return options.isRedisCluster ? new RedisClusterBroker(redis) : new RedisBroker(redis);
}
