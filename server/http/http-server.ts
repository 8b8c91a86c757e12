// The HTTP server of a listening process: ops endpoints first (the operators' ones only for those
// allowed: server/http/ops-access.ts), then the role's own handlers; and, with OPS_PORT, the internal
// listener that serves the operations endpoints alone.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { proxyMatcher } from '../../lib/net/client-address.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { createAccessLog } from './access-log.ts';
import { handleOpsRequest, sendJson } from './health.ts';
import { mainPortOpsAccess, opsPathOf } from './ops-access.ts';
import { requireProxyProtocol } from './proxy-protocol.ts';
import { requestAddressReader } from './request-address.ts';

/** Handles an upgrade if it is for this handler; returns false to let the next one try. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
/** Handles a request if it is for this handler (e.g. the gateway's `/socket.io/`); returns false to let the next one try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Creates (but does not start) the server; unknown paths get 404, unknown upgrades are refused with 404.
 * With PROXY_PROTOCOL, each connection must open with a PROXY protocol header from a trusted proxy.
 */
export function createHttpServer(runtime: Runtime, handlers: { routes?: RouteHandler[]; request?: RequestHandler; upgrades?: UpgradeHandler[] }): Server {
  const addressOf = requestAddressReader(runtime.config.proxyTrust);
  const accessLog = createAccessLog(runtime.logger, addressOf);
  const mayReadOps = mainPortOpsAccess(runtime.config, addressOf);
  const server = createServer((req, res) => {
    accessLog.request(req, res);
    if (opsPathOf(req.url) !== undefined && !mayReadOps(req)) return sendJson(res, 404, { error: 'not_found' });
    if (handleOpsRequest(runtime, req, res)) return;
    if ((handlers.routes ?? []).some((route) => route(req, res))) return;
    if (handlers.request) return handlers.request(req, res);
    sendJson(res, 404, { error: 'not_found' });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', destroyOnError);
    const isHandled = accessLog.handshake(req, () => (handlers.upgrades ?? []).some((handle) => handle(req, socket, head)));
    if (isHandled) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  if (runtime.config.proxyProtocol) requireProxyProtocol(server, { isTrustedPeer: proxyMatcher(runtime.config.proxyTrust), logger: runtime.logger });
  return server;
}

/**
 * Creates the internal listener of OPS_PORT: /healthz, /readyz, /metrics, and /api/system through the
 * web role's handler when this process runs it; anything else 404, and no upgrades.
 */
export function createOpsServer(runtime: Runtime, handlers: { request?: RequestHandler }): Server {
  const accessLog = createAccessLog(runtime.logger, requestAddressReader(runtime.config.proxyTrust));
  const server = createServer((req, res) => {
    accessLog.request(req, res);
    if (handleOpsRequest(runtime, req, res)) return;
    if (opsPathOf(req.url) === '/api/system' && handlers.request) return handlers.request(req, res);
    sendJson(res, 404, { error: 'not_found' });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** Starts listening and resolves with the bound port (useful with PORT=0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones; open sockets and streams are ended by their owners. */
export function stopAccepting(server: Server): void {
  server.close();
  server.closeIdleConnections();
}

// One listener for every socket: a closure made in the upgrade handler would share its scope with the
// handshake's, and keep the upgrade request and its head for as long as the socket is open.
function destroyOnError(this: Duplex): void {
  this.destroy();
}
