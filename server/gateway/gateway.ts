// The WebSocket gateway: mounts on `/ws` of any node HTTP server (the combined server or its own),
// checks each handshake and who it is, serves books, trades and candles from the broker, and routes a
// signed-in user's orders to the engine and the engine's answers to every socket of that user.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { getMetrics } from '../../lib/metrics.ts';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { findSessionUser } from '../../lib/session/session-store.ts';
import type { RouteHandler, UpgradeHandler } from '../http/http-server.ts';
import type { ClientSession } from './connection/client-session.ts';
import { createCounters, type ConnectionCounters } from './connection/connection-counters.ts';
import { requestAddressReader } from '../http/request-address.ts';
import { HandshakeAdmission } from './connection/handshake-admission.ts';
import { pathOf, refusalOf, rejectUpgrade } from './connection/handshake-check.ts';
import { startHeartbeat } from './connection/heartbeat.ts';
import { openWsSession, selectSubprotocol } from './connection/ws-session.ts';
import { hasToken, identify, type SessionLookup, type UpgradeIdentity } from './connection/session-auth.ts';
import { SessionEndWatch } from './connection/session-end-watch.ts';
import type { SessionDeps } from './connection/session-deps.ts';
import type { GatewayExtension } from './gateway-extension.ts';
import { PER_MESSAGE_DEFLATE } from './fanout/deflate-frame.ts';
import { getGatewayMetrics } from './gateway-metrics.ts';
import { resolveGatewayOptions, type GatewayOptions } from './gateway-options.ts';
import { BookHub } from './ingest/book-hub.ts';
import { PassthroughHub } from './ingest/passthrough-hub.ts';
import { UserHub } from './ingest/user-hub.ts';
import { PresenceBeacon } from './routing/presence-beacon.ts';
import { mountSocketIo } from './socketio/socketio-endpoint.ts';

/** A point-in-time view of the gateway, for /healthz-style reporting and tests. */
export interface GatewayStats extends ConnectionCounters {
  connections: number;
  books: string[];
  forwardedChannels: number;
  /** Users with a socket on this node (one user-channel subscription each). */
  userChannels: number;
  resyncs: number;
}

/** A running gateway. */
export interface Gateway {
  /** Pass to `createHttpServer({ upgrades: [gateway.handleUpgrade] })`; answers only its own paths (`/ws`, `/socket.io/`). */
  handleUpgrade: UpgradeHandler;
  /** Answers Socket.IO's HTTP requests (long polling) under `/socket.io/`; false for any other path. */
  handleRequest: RouteHandler;
  /** Registers a feature's hooks (see gateway-extension.ts); it is closed with the gateway. */
  use(extension: GatewayExtension): void;
  /** Closes every socket with `code` (1001 going away, or 1012 restart) and releases the broker subscriptions. */
  close(code?: number): Promise<void>;
  stats(): GatewayStats;
}

// Drained sockets with held frames, and sockets stuck past the high-water mark, are checked this often.
const SWEEP_INTERVAL_MS = 250;
const CLOSE_WAIT_MS = 2_000;

/** What the gateway needs from its process; without `db` every socket is anonymous (market data only). */
export type GatewayRuntime = Pick<Runtime, 'config' | 'logger' | 'broker'> & Partial<Pick<Runtime, 'db'>>;

/** Creates the gateway; it needs the runtime's config (origins, node id), logger, broker and, for trading, its database. */
export function createGateway(runtime: GatewayRuntime, overrides: Partial<GatewayOptions> = {}): Gateway {
  const options = resolveGatewayOptions(overrides);
  const { logger, broker, config, db } = runtime;
  const lookup: SessionLookup | undefined = db === undefined ? undefined : (token) => findSessionUser(db.prisma, token, config.session);
  const metrics = getMetrics();
  // Its series exist at zero from the start, before the first event.
  getGatewayMetrics();
  const onBadBrokerMessage = (reason: string): void => metrics.badInput.inc({ source: 'broker', reason });
  const books = new BookHub({ broker, logger, retryMaxMs: options.snapshotRetryMaxMs, settleMs: options.snapshotSettleMs, onBadMessage: onBadBrokerMessage }, options.replayFrames);
  const forwards = new PassthroughHub(broker, logger, onBadBrokerMessage);
  const users = new UserHub(broker, logger, onBadBrokerMessage);
  const extensions: GatewayExtension[] = [];
  const counters = createCounters();
  const deps: SessionDeps = {
    options,
    nodeId: config.nodeId,
    logger,
    counters,
    hubs: { books, forwards },
    users,
    requests: { options, nodeId: config.nodeId, logger, broker, users, extensions, orders: config.orderLimits },
  };
  // Only a trading node has users; their presence arms nothing by itself (the engine's dead-man's switch reads it).
  const beacon = db === undefined ? undefined : new PresenceBeacon(broker, logger, config.nodeId, () => users.userIds());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: config.wsDeflate ? PER_MESSAGE_DEFLATE : false, maxPayload: options.maxPayloadBytes, clientTracking: false, handleProtocols: selectSubprotocol });
  wss.on('headers', (headers, req) => {
    for (const extension of extensions) extension.onHandshakeHeaders?.(headers, req);
  });
  const sessions = new Set<ClientSession>();
  const admission = new HandshakeAdmission({
    maxSockets: options.maxSockets,
    maxPerAddress: options.maxConnectionsPerIp,
    handshakeRatePerSecond: options.handshakeRatePerSecond,
    handshakeBurst: options.handshakeBurst,
  });
  const addressOf = requestAddressReader(config.proxyTrust);
  const policy = { allowedOrigins: config.allowedOrigins, allowMissingOrigin: options.allowMissingOrigin };
  let isClosing = false;

  const stopHeartbeat = startHeartbeat(() => sessions, options.heartbeatIntervalMs, () => {
    counters.heartbeatTerminations += 1;
  });
  const sweep = setInterval(() => {
    const nowMs = Date.now();
    for (const session of sessions) {
      session.outbox.check(nowMs);
      session.closeIfExpired(nowMs);
    }
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  // A sign-out on any web node closes that session's sockets here (sign-outs are rare: a scan will do).
  const sessionEnds = db === undefined ? undefined : new SessionEndWatch(broker, logger, closeSessionSockets, onBadBrokerMessage);
  function closeSessionSockets(tokenHash: string): void {
    for (const session of sessions) if (session.session?.tokenHash === tokenHash) session.closeWith(CLOSE_CODES.SESSION_ENDED, 'signed out');
  }

  function sessionOnClosed(session: ClientSession): void {
    if (!forgetSession(session)) return;
    admission.release(session.ip);
  }

  function forgetSession(session: ClientSession): boolean {
    if (!sessions.delete(session)) return false;
    metrics.connections.dec({ transport: session.transport });
    return true;
  }

  function trackSession(session: ClientSession, req: IncomingMessage): void {
    metrics.connections.inc({ transport: session.transport });
    sessions.add(session);
    for (const extension of extensions) extension.onSocket?.(session, req);
  }

  const socketIo = mountSocketIo({
    deps,
    admission,
    policy,
    addressOf,
    lookup,
    counters,
    isClosing: () => isClosing,
    opened: trackSession,
    // Engine.IO gives the admission slot back when its connection closes.
    closed: (session) => void forgetSession(session),
  });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (socketIo.handleUpgrade(req, socket, head)) return true;
    if (pathOf(req) !== options.path) return false;
    socket.on('error', socketOnError);
    const ip = addressOf(req);
    const refusal = refusalOf(req, policy, isClosing);
    const limited = refusal === undefined ? admission.admit(ip) : undefined;
    const status = refusal?.status ?? limited?.status;
    if (status !== undefined) {
      counters.refusedHandshakes += 1;
      metrics.badInput.inc({ source: 'ws', reason: `handshake-${status}` });
      if (limited) metrics.refusedConnections.inc({ transport: 'ws', reason: limited.reason });
      rejectUpgrade(socket, status, limited?.retryAfterSeconds);
      return true;
    }
    // ws answers a malformed handshake (bad key or version) with 400 itself and never calls back: free the slot then.
    const releaseUnaccepted = onceClosedUnaccepted(socket, () => admission.release(ip));
    const complete = (identity: UpgradeIdentity): void => {
      if (identity.kind === 'refused') {
        counters.refusedHandshakes += 1;
        metrics.badInput.inc({ source: 'ws', reason: `handshake-${identity.status}` });
        return rejectUpgrade(socket, identity.status);
      }
      // The client may have given up during the session lookup.
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        releaseUnaccepted();
        if (isClosing) {
          admission.release(ip);
          ws.on('error', socketOnError);
          return ws.close(CLOSE_CODES.GOING_AWAY, 'shutting down');
        }
        const user = identity.kind === 'user' ? identity : undefined;
        trackSession(openWsSession(ws, { ip, userId: user?.userId, session: user?.session }, deps, sessionOnClosed), req);
      });
    };
    // Anonymous handshakes stay synchronous; only a presented token waits for the database.
    if (lookup === undefined || !hasToken(req)) complete({ kind: 'anonymous' });
    else {
      identify(req, lookup)
        .then(complete)
        .catch((error: unknown) => {
          logger.error({ err: error }, 'upgrade failed after the session lookup');
          socket.destroy();
        });
    }
    return true;
  }

  async function close(code: number = CLOSE_CODES.GOING_AWAY): Promise<void> {
    if (isClosing) return;
    isClosing = true;
    stopHeartbeat();
    clearInterval(sweep);
    for (const session of sessions) session.closeWith(code, 'server shutting down');
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (sessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const session of sessions) session.port.terminate();
    await beacon?.stop();
    await Promise.all([socketIo.close(), books.close(), forwards.close(), users.close(), sessionEnds?.close(), ...extensions.map((extension) => extension.close?.())]);
    wss.close();
  }

  function stats(): GatewayStats {
    return {
      ...counters,
      connections: sessions.size,
      books: books.symbols,
      forwardedChannels: forwards.size,
      userChannels: users.size,
      resyncs: books.resyncCount,
    };
  }

  function use(extension: GatewayExtension): void {
    extensions.push(extension);
  }

  return { handleUpgrade, handleRequest: socketIo.handleRequest, use, close, stats };
}

/**
 * Calls `release` if `socket` closes before the returned function is called (on acceptance). The
 * listener is its own small closure, and it goes on acceptance: a listener made inside handleUpgrade
 * would share its scope, keeping the upgrade request, its headers and `head` for the socket's life.
 */
function onceClosedUnaccepted(socket: Duplex, release: () => void): () => void {
  socket.once('close', release);
  return () => void socket.removeListener('close', release);
}

function socketOnError(): void {
  // A reset during the handshake or while refusing it; the socket is destroyed by its owner.
}
