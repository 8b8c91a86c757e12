// Socket.IO at `/socket.io/` on a gateway node: Engine.IO's long polling and WebSocket, behind the same
// handshake checks as `/ws` (origin, per-address and per-node caps, handshake rate; the session from
// the cookie, the Authorization header or `auth.token`), each socket a session like any other. Every
// session id starts with this node's tag, so a balancer can send a poll to the node that issued it.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as EngineServer } from 'engine.io';
import { Server as IoServer, type Socket } from 'socket.io';
import { getMetrics } from '../../../lib/metrics.ts';
import { sessionIdOf, sidTagOf } from '../../../lib/protocol/socketio-sid.ts';
import { ClientSession } from '../connection/client-session.ts';
import type { HandshakeAdmission } from '../connection/handshake-admission.ts';
import { refusalOf, rejectUpgrade } from '../connection/handshake-check.ts';
import type { OriginPolicy } from '../connection/origin-policy.ts';
import { identify, type SessionLookup, type UpgradeIdentity } from '../connection/session-auth.ts';
import type { SessionDeps } from '../connection/session-deps.ts';
import type { ConnectionCounters } from '../connection/connection-counters.ts';
import { SocketIoCodec } from './socketio-codec.ts';
import { SocketIoPort } from './socketio-port.ts';

/** Where Socket.IO is served. */
export const SOCKET_IO_PATH = '/socket.io/';

/** What the endpoint needs of its gateway. */
export interface SocketIoContext {
  deps: SessionDeps;
  admission: HandshakeAdmission;
  policy: OriginPolicy;
  addressOf(req: IncomingMessage): string;
  lookup: SessionLookup | undefined;
  counters: ConnectionCounters;
  isClosing(): boolean;
  /** A session opened: the gateway tracks it (sweeps, sign-outs, shutdown). */
  opened(session: ClientSession, req: IncomingMessage): void;
  /** It closed (its admission slot is the endpoint's to give back). */
  closed(session: ClientSession): void;
}

/** Socket.IO on one gateway node. */
export interface SocketIoEndpoint {
  /** Answers Engine.IO's HTTP requests (handshake, polls); false for other paths. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Answers WebSocket upgrades under SOCKET_IO_PATH; false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

/** Mounts Socket.IO for a gateway. */
export function mountSocketIo(context: SocketIoContext): SocketIoEndpoint {
  const { deps, admission } = context;
  const { options } = deps;
  const tag = sidTagOf(deps.nodeId);
  const engine = new EngineServer({
    maxHttpBufferSize: options.maxPayloadBytes,
    perMessageDeflate: false,
    httpCompression: false,
    cookie: false,
  });
  engine.generateId = () => sessionIdOf(tag, randomBytes(15).toString('base64url'));
  // Whoever is admitted holds a slot until their Engine.IO connection closes (or the handshake fails).
  const admitted = new WeakMap<IncomingMessage, string>();
  const release = (req: IncomingMessage): void => {
    const ip = admitted.get(req);
    if (ip === undefined) return;
    admitted.delete(req);
    admission.release(ip);
  };
  engine.on('connection_error', (error: { req: IncomingMessage }) => release(error.req));
  engine.on('connection', (raw: { request: IncomingMessage; once(event: 'close', listener: () => void): void }) => raw.once('close', () => release(raw.request)));

  const io = new IoServer({ path: SOCKET_IO_PATH, serveClient: false, connectTimeout: 10_000 });
  io.bind(engine);
  io.use((socket, next) => {
    identityOf(socket, context.lookup)
      .then((identity) => {
        if (identity.kind === 'refused') return next(Object.assign(new Error(identity.reason), { data: { status: identity.status } }));
        socket.data.identity = identity;
        next();
      })
      .catch(() => next(new Error('session-lookup-failed')));
  });
  io.on('connection', (socket) => {
    if (context.isClosing()) return socket.disconnect(true);
    const identity = socket.data.identity as UpgradeIdentity | undefined;
    const user = identity?.kind === 'user' ? identity : undefined;
    const req = socket.request;
    const session = new ClientSession(
      new SocketIoPort(socket),
      {
        ip: context.addressOf(req),
        userId: user?.userId,
        session: user?.session,
        transport: 'socketio',
        codec: (host) => new SocketIoCodec(host, socket, options),
      },
      deps,
      context.closed,
    );
    context.opened(session, req);
  });

  // A handshake (no sid) must pass the origin rule and the caps; every request the origin rule, as a
  // poll is a cross-site write like any other.
  function admit(req: IncomingMessage): { status: number; retryAfterSeconds?: number; reason: string } | undefined {
    const refusal = refusalOf(req, context.policy, context.isClosing());
    if (refusal) return refusal;
    if (new URL(req.url ?? '/', 'http://x').searchParams.has('sid')) return undefined;
    const ip = context.addressOf(req);
    const limited = admission.admit(ip);
    if (limited) {
      getMetrics().refusedConnections.inc({ transport: 'socketio', reason: limited.reason });
      return limited;
    }
    admitted.set(req, ip);
    return undefined;
  }

  function refuse(status: number, reason: string): void {
    context.counters.refusedHandshakes += 1;
    getMetrics().badInput.inc({ source: 'socketio', reason: `handshake-${status}-${reason}` });
  }

  return {
    handleRequest(req, res) {
      if (!isSocketIoPath(req)) return false;
      const refused = admit(req);
      if (refused) {
        refuse(refused.status, refused.reason);
        const headers: Record<string, string> = { 'Content-Type': 'application/json', Connection: 'close' };
        if (refused.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(refused.retryAfterSeconds)));
        res.writeHead(refused.status, headers).end(JSON.stringify({ error: refused.reason, message: STATUS_CODES[refused.status] ?? 'refused' }));
        return true;
      }
      engine.handleRequest(req, res);
      return true;
    },
    handleUpgrade(req, socket, head) {
      if (!isSocketIoPath(req)) return false;
      const refused = admit(req);
      if (refused) {
        refuse(refused.status, refused.reason);
        rejectUpgrade(socket, refused.status as Parameters<typeof rejectUpgrade>[1], refused.retryAfterSeconds);
        return true;
      }
      engine.handleUpgrade(req, socket, head);
      return true;
    },
    // The gateway has said goodbye to each session (tw.closed); this ends what is left.
    async close() {
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}

function isSocketIoPath(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(SOCKET_IO_PATH);
}

// The Authorization header or the cookie, as on `/ws`; or Socket.IO's `auth: { token }`, a Bearer token.
function identityOf(socket: Socket, lookup: SessionLookup | undefined): Promise<UpgradeIdentity> {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string' ? auth.token : undefined;
  const headers = token === undefined ? socket.request.headers : { ...socket.request.headers, authorization: `Bearer ${token}` };
  return identify({ headers }, lookup);
}
