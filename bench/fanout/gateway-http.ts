// Tickwire's gateway on its own HTTP server on 127.0.0.1, over whichever broker it is given: Redis
// for a distributed gateway node, the memory broker for embedded mode.
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Broker } from '../../lib/broker/broker.ts';
import { loadConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/log.ts';
import { deflateStats } from '../../server/gateway/fanout/deflate-frame.ts';
import { createGateway } from '../../server/gateway/gateway.ts';
import type { Handlers } from './ipc.ts';
import { serverProbe, type ServerApi } from './server-probe.ts';

/** Starts the gateway's HTTP server; resolves with its port and the probe handlers to `serve`. */
export async function listenGateway(broker: Broker, env: Record<string, string>): Promise<{ port: number; probe: Handlers<ServerApi> }> {
  // The `all` role's rules: this gateway opens no database, which a `gateway` process must share.
  const config = loadConfig('all', { LOG_LEVEL: 'silent', ...env });
  const logger = createLogger({ level: 'silent', role: 'gateway', nodeId: config.nodeId });
  // Every load client comes from 127.0.0.1, thousands at once: lift the per-address socket limit
  // (default 50) and handshake rate (default 20/s after 100), and the node's ceiling (default 10000).
  const gateway = createGateway({ config, logger, broker }, { maxConnectionsPerIp: 1_000_000, handshakeRatePerSecond: 1_000_000, handshakeBurst: 1_000_000, maxSockets: 1_000_000 });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', destroyOnError);
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.listen(0, '127.0.0.1', 65_535);
  await new Promise((resolve) => server.once('listening', resolve));
  const probe = serverProbe(() => {
    const stats = gateway.stats();
    const deflate = deflateStats();
    return { conflations: stats.conflations, slowConsumerCloses: stats.slowConsumerCloses, heartbeatTerminations: stats.heartbeatTerminations, resyncs: stats.resyncs, deflateCompressions: deflate.compressions, deflateMs: Math.round(deflate.compressMs * 10) / 10 };
  });
  return { port: (server.address() as AddressInfo).port, probe };
}

// As the app's server (server/http/http-server.ts): one listener for every socket, no closure per socket.
function destroyOnError(this: Duplex): void {
  this.destroy();
}
