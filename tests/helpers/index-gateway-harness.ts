// A gateway over Redis (under the run's own prefix) with no feed: the test appends index ticks itself,
// as the feed would, through a broker of its own, so the gateway reads them from Redis like a node.
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness.ts';
import { appendTicks } from './index-ticks.ts';
import { deleteRedisKeys } from './redis-keys.ts';
import { TEST_REDIS_URL, uniquePrefix } from './services.ts';
import { waitFor } from './wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };

export interface IndexGatewayHarness {
  readonly h: GatewayHarness;
  /** Appends `count` ticks as the feed does (each differing from the last); returns their ids. */
  append(count: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function startIndexGatewayHarness(): Promise<IndexGatewayHarness> {
  const prefix = uniquePrefix();
  const feedBroker: Broker = createBroker({ redisUrl: TEST_REDIS_URL, prefix, logger: quiet });
  const gatewayBroker: Broker = createBroker({ redisUrl: TEST_REDIS_URL, prefix, logger: quiet });
  await waitFor('brokers ready', () => feedBroker.state === 'ready' && gatewayBroker.state === 'ready', 10_000);
  const h = await startGatewayHarness({ broker: feedBroker, gatewayBroker: () => gatewayBroker, shouldStartFeed: false });
  let n = 0;
  return {
    h,
    async append(count) {
      const ids = await appendTicks(h.broker, count, { from: n });
      n += count;
      return ids;
    },
    async close() {
      await h.close();
      await gatewayBroker.close();
      await deleteRedisKeys(prefix);
    },
  };
}
