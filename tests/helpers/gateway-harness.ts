// Starts a gateway on a real HTTP server on port 0 over an in-process broker, with a test feed. The
// same server also answers on a Unix socket: a client there that stops reading fills about 200 KB of
// kernel buffers, where loopback TCP autotunes to megabytes (what a slow-consumer test must fill first).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broker } from '../../lib/broker/broker.ts';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { loadConfig } from '../../lib/config.ts';
import type { Database } from '../../lib/db/database.ts';
import { createLogger } from '../../lib/log.ts';
import { createGateway, type Gateway } from '../../server/gateway/gateway.ts';
import type { GatewayOptions } from '../../server/gateway/gateway-options.ts';
import { LabSockets } from '../../server/lab/lab-sockets.ts';
import { TestBookFeed } from './test-book-feed.ts';

/** A running gateway, its broker and feed, and the URL to connect to. */
export interface GatewayHarness {
  url: string;
  /** The same gateway over a Unix socket (`ws+unix:`), with small kernel buffers. */
  unixUrl: string;
  port: number;
  server: Server;
  broker: Broker;
  gateway: Gateway;
  feed: TestBookFeed;
  /** Closes the gateway (its sockets get 1012) and starts a fresh one on the same port, as a node restart does. */
  restartGateway(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  gateway?: Partial<GatewayOptions>;
  allowedOrigins?: string[];
  /** Defaults to a fresh MemoryBroker. */
  broker?: Broker;
  /** The broker the gateway sees (e.g. a switchable view of `broker`); the feed always uses `broker`. */
  gatewayBroker?: (broker: Broker) => Broker;
  symbols?: string[];
  /** Whether the feed answers requests and refreshes snapshot keys (default true). */
  shouldStartFeed?: boolean;
  /** The database sessions are looked up in; without it every socket is anonymous. */
  db?: Database;
  /** NODE_ID (default `test-node`). */
  nodeId?: string;
}

/** Starts everything; `close()` stops it all. */
export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const broker = options.broker ?? new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
  const config = loadConfig('all', { LOG_LEVEL: 'silent', NODE_ID: options.nodeId ?? 'test-node' });
  config.allowedOrigins = options.allowedOrigins ?? [];
  const logger = createLogger({ level: 'silent', role: 'all', nodeId: config.nodeId });
  const gatewayBroker = options.gatewayBroker?.(broker) ?? broker;
  const openGateway = (): Gateway => {
    const opened = createGateway({ config, logger, broker: gatewayBroker, ...(options.db === undefined ? {} : { db: options.db }) }, options.gateway);
    // Wired as bin/roles.ts wires it.
    opened.use(new LabSockets(gatewayBroker));
    return opened;
  };
  let gateway = openGateway();
  const feed = new TestBookFeed(broker, options.symbols ?? ['BTC-USD']);
  if (options.shouldStartFeed ?? true) await feed.start();
  // Routed as bin/roles.ts routes it: the gateway's Socket.IO polling, then nothing.
  const server = createServer((req, res) => {
    if (gateway.handleRequest(req, res)) return;
    res.writeHead(404);
    res.end();
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!gateway.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const unixDir = mkdtempSync(join(tmpdir(), 'tw-gw-'));
  const unixPath = join(unixDir, 'gateway.sock');
  const unixServer = createNetServer((socket) => server.emit('connection', socket));
  await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    unixUrl: `ws+unix://${unixPath}:/ws`,
    port,
    server,
    broker,
    get gateway() {
      return gateway;
    },
    feed,
    restartGateway: async () => {
      await gateway.close(1012);
      gateway = openGateway();
    },
    close: async () => {
      await feed.stop();
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => unixServer.close(() => resolve()));
      rmSync(unixDir, { recursive: true, force: true });
      await broker.close();
    },
  };
}
