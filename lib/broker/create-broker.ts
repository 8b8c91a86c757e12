// Picks the broker for this process: Redis when one is configured, the in-process one otherwise.
import type { Broker } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import { MemoryBroker } from './memory-broker.ts';
import { RedisBroker } from './redis-broker.ts';

/** What `createBroker` needs: a Redis URL (absent for the embedded mode) and the key prefix. */
export interface CreateBrokerOptions {
  redisUrl?: string;
  prefix: string;
  logger?: BrokerLogger;
}

/** Creates the process's broker; Redis connects in the background and reports through `onStateChange`. */
export function createBroker(options: CreateBrokerOptions): Broker {
  if (options.redisUrl) return new RedisBroker({ url: options.redisUrl, prefix: options.prefix, logger: options.logger });
  return new MemoryBroker({ logger: options.logger });
}
