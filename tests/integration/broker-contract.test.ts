// One contract, two brokers: the suite in broker-contract-suite.ts against memory and real Redis
// (broker-redis-cluster.test.ts runs it against a Redis Cluster).
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { brokerContractSuite } from './broker-contract-suite.ts';

const redisPrefix = uniquePrefix();

brokerContractSuite({ label: 'memory', open: (logger) => new MemoryBroker({ logger }), cleanup: async () => {} });
brokerContractSuite({
  label: 'redis',
  open: (logger) => new RedisBroker({ url: TEST_REDIS_URL, prefix: redisPrefix, logger }),
  cleanup: () => deleteRedisKeys(redisPrefix),
});
