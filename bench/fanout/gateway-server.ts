// Child process: Tickwire's gateway on its own HTTP server, fed from Redis like a distributed gateway node.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/log.ts';
import { createGateway } from '../../server/gateway/gateway.ts';
import { prefixArgument, QUIET_LOGGER, REDIS_URL } from './common.ts';
import { serve } from './ipc.ts';
import { serverProbe, type ServerApi, type ServerInfo } from './server-probe.ts';

const prefix = prefixArgument();
const config = loadConfig('gateway', { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent', NODE_ID: 'bench-gateway' });
const logger = createLogger({ level: 'silent', role: 'gateway', nodeId: config.nodeId });
const broker = createBroker({ redisUrl: REDIS_URL, prefix, logger: QUIET_LOGGER });
await broker.ping();
// Every load client comes from 127.0.0.1: lift the per-address socket limit (default 50).
const gateway = createGateway({ config, logger, broker }, { maxConnectionsPerIp: 1_000_000 });
const server = createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
});
server.listen(0, '127.0.0.1', 65_535);
await new Promise((resolve) => server.once('listening', resolve));

const probe = serverProbe(() => {
  const stats = gateway.stats();
  return { conflations: stats.conflations, slowConsumerCloses: stats.slowConsumerCloses, heartbeatTerminations: stats.heartbeatTerminations, resyncs: stats.resyncs };
});
serve<ServerApi>(probe, { port: (server.address() as AddressInfo).port } satisfies ServerInfo);
