// The broker a test cluster runs on, Redis or NATS JetStream, so one chaos scenario runs on both with the
// same assertions: on the shared server under a prefix of the run's own (removed afterwards), or on a
// private server the test may kill and restart (Redis with an fsynced AOF, NATS with JetStream file storage).
import type { Broker } from '../../lib/broker/broker.ts';
import { NatsBroker } from '../../lib/broker/nats-broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import type { ClusterOptions } from '../../scripts/cluster/start-cluster.ts';
import { deleteNatsStreams, TEST_NATS_URL, uniqueNatsPrefix } from './nats-cleanup.ts';
import { startPrivateNats } from './private-nats.ts';
import { startPrivateRedis } from './private-redis.ts';
import { deleteRedisKeys } from './redis-keys.ts';
import { TEST_REDIS_URL, uniquePrefix } from './services.ts';

/** The brokers a cluster can run on. */
export type ClusterBrokerKind = 'redis' | 'nats';
export const CLUSTER_BROKERS: readonly ClusterBrokerKind[] = ['redis', 'nats'];

/** startCluster's broker options. */
export type ClusterBrokerOptions = Pick<ClusterOptions, 'redisUrl' | 'redisPrefix' | 'nats'>;

/** A cluster's place on the shared server, and what removes it. */
export interface SharedClusterBroker {
  readonly options: ClusterBrokerOptions;
  cleanup(): Promise<void>;
}

/** A place of the run's own on the shared Redis (a key prefix) or the shared nats-server (a name prefix). */
export function sharedClusterBroker(kind: ClusterBrokerKind, label: string): SharedClusterBroker {
  if (kind === 'nats') {
    const prefix = uniqueNatsPrefix(label);
    return { options: { nats: { url: TEST_NATS_URL, prefix } }, cleanup: async () => void (await deleteNatsStreams(prefix)) };
  }
  const prefix = uniquePrefix(label);
  return { options: { redisUrl: TEST_REDIS_URL, redisPrefix: prefix }, cleanup: () => deleteRedisKeys(prefix) };
}

/** A broker server of the test's own that keeps what it was told across a crash. */
export interface PrivateClusterBroker {
  readonly kind: ClusterBrokerKind;
  readonly options: ClusterBrokerOptions;
  /** SIGKILL, like a crash. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  destroy(): Promise<void>;
  /** A client of the cluster's names on it, to read what the cluster wrote (close it when done). */
  open(): Broker;
}

/** Starts a persistent private server: Redis with an AOF fsynced on every write, or nats-server with JetStream file storage. */
export async function startPrivateClusterBroker(kind: ClusterBrokerKind): Promise<PrivateClusterBroker> {
  if (kind === 'nats') {
    const nats = await startPrivateNats();
    const prefix = 'tw';
    return { kind, options: { nats: { url: nats.url, prefix } }, stop: nats.stop, start: nats.start, destroy: nats.destroy, open: () => new NatsBroker({ url: nats.url, prefix }) };
  }
  const redis = await startPrivateRedis({ persist: true });
  return { kind, options: { redisUrl: redis.url }, stop: redis.stop, start: redis.start, destroy: redis.destroy, open: () => new RedisBroker({ url: redis.url, prefix: 'tw:' }) };
}
