// Child process: embedded mode, as `npm start` runs it: the feed and the gateway in one process over
// the in-process memory broker, no Redis between them. Answers both the server's and the publisher's commands.
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { startBookSource } from './book-source.ts';
import { QUIET_LOGGER } from './common.ts';
import { listenGateway } from './gateway-http.ts';
import { serve } from './ipc.ts';
import type { PublisherApi } from './publisher.ts';
import type { ServerApi, ServerInfo } from './server-probe.ts';

/** The embedded process's commands: a measured server that is also the run's feed. */
export type EmbeddedApi = ServerApi & PublisherApi;

const broker = new MemoryBroker({ logger: QUIET_LOGGER });
const source = await startBookSource(broker, (error) => process.stderr.write(`embedded feed: ${String(error)}\n`));
const { port, probe } = await listenGateway(broker, { NODE_ID: 'bench-embedded' });
serve<EmbeddedApi>(
  {
    ...probe,
    rate: ({ perSecond }) => ({ published: source.setRate(perSecond) }),
    count: () => ({ published: source.published() }),
  },
  { port } satisfies ServerInfo,
);
