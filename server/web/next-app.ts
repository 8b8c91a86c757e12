// Mounts the Next.js app (pages and route handlers) on our own HTTP server.
// Next is given a private event emitter as its "http server": on its first request it attaches an
// upgrade listener there, which would otherwise close our /ws upgrades. Only /_next/* upgrades
// (dev hot reload) are forwarded to it. Each request is handled with its Node response in context,
// so an SSE route's body can write its events to it directly (server/web/sse/node-response.ts).
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import next from 'next';
import { withNodeResponse } from './sse/node-response.ts';
import type { RequestHandler, UpgradeHandler } from '../http/http-server.ts';

/** The mounted Next app. */
export interface NextApp {
  handleRequest: RequestHandler;
  handleUpgrade: UpgradeHandler;
  close(): Promise<void>;
}

/** Prepares Next (production build, or dev mode with hot reload) in the project folder. */
export async function mountNext(options: { dir: string; dev: boolean; host: string; port: number }): Promise<NextApp> {
  const upgrades = new EventEmitter();
  const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port, httpServer: upgrades as unknown as Server });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handleRequest: (req, res) => void withNodeResponse(res, () => handle(req, res)),
    handleUpgrade: (req, socket, head) => {
      if (!options.dev || !(req.url ?? '').startsWith('/_next/')) return false;
      upgrades.emit('upgrade', req, socket, head);
      return true;
    },
    close: () => app.close(),
  };
}
