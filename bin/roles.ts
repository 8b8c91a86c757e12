// Starts the roles of this process and returns what its HTTP server must serve.
// `all` = web + gateway + feed + engine in one process (embedded default).
import type { Role } from '../lib/config.ts';
import { PROJECT_ROOT } from '../lib/paths.ts';
import type { Runtime } from '../lib/runtime.ts';
import type { Shutdown } from '../lib/shutdown.ts';
import { CLOSE_CODES } from '../lib/protocol/codes.ts';
import { createGateway } from '../server/gateway/gateway.ts';
import { requestAddressReader } from '../server/http/request-address.ts';
import type { RequestHandler, RouteHandler, UpgradeHandler } from '../server/http/http-server.ts';
import { LabSockets } from '../server/lab/lab-sockets.ts';
import { mountNext } from '../server/web/next-app.ts';
import { startWebServices } from '../server/web/web-services.ts';
import { startEngineRole } from '../workers/engine/engine-role.ts';
import { startFeedRole } from '../workers/feed/feed-role.ts';

/** What the process's HTTP server serves besides the ops endpoints. */
export interface ServedRoles {
  /** Tried in order before `request` (the gateway's Socket.IO polling). */
  routes: RouteHandler[];
  request?: RequestHandler;
  upgrades: UpgradeHandler[];
}

/** Starts each role this process runs; every role that listens gets health and metrics endpoints. */
export async function startRoles(runtime: Runtime, shutdown: Shutdown, role: Role): Promise<ServedRoles> {
  const runs = (r: Role): boolean => role === 'all' || role === r;
  const served: ServedRoles = { routes: [], upgrades: [] };

  // The feed and the engine run as candidates: one process of each leads, the others stand by.
  if (runs('feed')) {
    const feed = await startFeedRole(runtime);
    shutdown.add('workers', 'feed', () => feed.close());
  }
  if (runs('engine')) {
    const engine = await startEngineRole(runtime);
    shutdown.add('workers', 'engine', () => engine.close());
  }
  if (runs('gateway')) {
    const { limits } = runtime.config;
    const gateway = createGateway(runtime, { maxSockets: limits.maxSockets, handshakeRatePerSecond: limits.handshakeRatePerSecond, handshakeBurst: limits.handshakeBurst });
    // The transport lab's handshake reports and its drop button.
    gateway.use(new LabSockets(runtime.broker));
    served.upgrades.push(gateway.handleUpgrade);
    served.routes.push(gateway.handleRequest);
    // Going away: clients reconnect, through the load balancer, to another node.
    shutdown.add('connections', 'gateway', () => gateway.close(CLOSE_CODES.GOING_AWAY));
  }
  if (runs('web')) {
    const { config } = runtime;
    const web = startWebServices(runtime);
    const next = await mountNext({ dir: PROJECT_ROOT, dev: config.dev, host: config.host, port: config.port, addressOf: requestAddressReader(config.proxyTrust) });
    served.request = next.handleRequest;
    served.upgrades.push(next.handleUpgrade);
    shutdown.add('connections', 'sse streams', () => web.indexHub.closeAll());
    shutdown.add('workers', 'next', () => next.close());
    shutdown.add('workers', 'lab drops', () => web.labDrops.close());
    shutdown.add('workers', 'session pruning', () => web.sessionPruner.close());
  }
  return served;
}
