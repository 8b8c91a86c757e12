// Child process: the one feed of the run, publishing the simulated book into Redis (book-source.ts).
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { startBookSource } from './book-source.ts';
import { prefixArgument, QUIET_LOGGER, REDIS_URL } from './common.ts';
import { serve } from './ipc.ts';

/** The publisher's commands. */
export interface PublisherApi {
  /** Sets deltas per second (0 pauses); returns deltas published so far. */
  rate: { args: { perSecond: number }; result: { published: number } };
  count: { args: null; result: { published: number } };
}

const broker = new RedisBroker({ url: REDIS_URL, prefix: prefixArgument(), logger: QUIET_LOGGER });
await broker.ping();
const source = await startBookSource(broker, (error) => process.stderr.write(`publisher: ${String(error)}\n`));

serve<PublisherApi>(
  {
    rate: ({ perSecond }) => ({ published: source.setRate(perSecond) }),
    count: () => ({ published: source.published() }),
  },
  { port: 0 },
);
