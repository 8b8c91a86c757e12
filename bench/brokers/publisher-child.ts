// Child process: the feed of the publish → gateway phase, the simulated BTC-USD book (fanout/book-source.ts)
// published into the broker under test, at the rate the orchestrator sets.
import { startBookSource } from '../fanout/book-source.ts';
import { serve } from '../fanout/ipc.ts';
import type { PublisherApi } from '../fanout/publisher.ts';
import { openBroker, targetFromArguments } from './broker-target.ts';

const broker = await openBroker(targetFromArguments(process.argv.slice(2)));
const source = await startBookSource(broker, (error) => process.stderr.write(`publisher: ${String(error)}\n`));

serve<PublisherApi>(
  {
    rate: ({ perSecond }) => ({ published: source.setRate(perSecond) }),
    count: () => ({ published: source.published() }),
  },
  { port: 0 },
);
