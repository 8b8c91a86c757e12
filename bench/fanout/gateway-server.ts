// Child process: Tickwire's gateway on its own HTTP server, fed from Redis like a distributed gateway node.
import { createBroker } from '../../lib/broker/create-broker.ts';
import { prefixArgument, QUIET_LOGGER, REDIS_URL } from './common.ts';
import { listenGateway } from './gateway-http.ts';
import { serve } from './ipc.ts';
import type { ServerApi, ServerInfo } from './server-probe.ts';

const prefix = prefixArgument();
const broker = createBroker({ redisUrl: REDIS_URL, prefix, logger: QUIET_LOGGER });
await broker.ping();
const { port, probe } = await listenGateway(broker, { REDIS_URL, REDIS_PREFIX: prefix, NODE_ID: process.argv[3] ?? 'bench-gateway' });
serve<ServerApi>(probe, { port } satisfies ServerInfo);
