// Mounts the Next.js app (pages and route handlers) on our own HTTP server.
// Next is given a private event emitter as its "http server": on its first request it attaches an
// upgrade listener there, which would otherwise close our /ws upgrades. Only /_next/* upgrades
// (dev hot reload) are forwarded to it. Each request is handled with its Node response in context,
// so an SSE route's body can write its events to it directly (server/web/sse/node-response.ts), and
// with the client's address stamped on it (CLIENT_ADDRESS_HEADER, replacing any copy the client sent),
// so route handlers read the address our proxy trust resolved rather than resolving it again.
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import next from 'next';
import { CLIENT_ADDRESS_HEADER } from '../../lib/net/client-address.ts';
import { withNodeResponse } from './sse/node-response.ts';
import type { RequestHandler, UpgradeHandler } from '../http/http-server.ts';
import type { AddressOf } from '../http/request-address.ts';

/** The mounted Next app. */
export interface NextApp {
  handleRequest: RequestHandler;
  handleUpgrade: UpgradeHandler;
  close(): Promise<void>;
}

/** Prepares Next (production build, or dev mode with hot reload) in the project folder. */
export async function mountNext(options: { dir: string; dev: boolean; host: string; port: number; addressOf: AddressOf }): Promise<NextApp> {
  const upgrades = new EventEmitter();
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port, httpServer: upgrades as unknown as Server });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handleRequest: (req, res) => {
      req.headers[CLIENT_ADDRESS_HEADER] = options.addressOf(req);
      void withNodeResponse(res, () => handle(req, res));
    },
    handleUpgrade: (req, socket, head) => {
      if (!options.dev || !(req.url ?? '').startsWith('/_next/')) return false;
      upgrades.emit('upgrade', req, socket, head);
      return true;
    },
    close: () => app.close(),
  };
}
