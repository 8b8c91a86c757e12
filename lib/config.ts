// Process configuration, read once from the environment and validated at start.
// Every default gives the embedded mode: no Redis, no PostgreSQL server, one process.
import { z } from 'zod';
import { NATS_PREFIX_PATTERN } from './broker/nats-names.ts';
import { addressList, flag, frameAncestors, portNumber, positiveInt, sessionDuration, urlWithProtocols, venueSymbols } from './config-fields.ts';
import type { ProxyTrust } from './net/client-address.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './session/session-policy.ts';

/** The process roles; `all` runs every role in one process (the embedded default). */
export const ROLES = ['all', 'web', 'gateway', 'feed', 'engine'] as const;
export type Role = (typeof ROLES)[number];

/** Each role's default port, so the four distributed processes can share a machine. */
export const DEFAULT_PORTS: Record<Role, number> = { all: 3000, web: 3000, gateway: 3001, feed: 3002, engine: 3003 };

const envSchema = z.object({
  PORT: portNumber.optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
    .optional(),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
  REDIS_CLUSTER: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{1,40}$/, 'must be 1-40 letters, digits or _:.-').default('tw:'),
  BROKER: z.enum(['memory', 'redis', 'nats'], { message: 'must be memory, redis or nats' }).optional(),
  NATS_URL: urlWithProtocols(['nats:'], 'nats://127.0.0.1:4222').optional(),
  NATS_PREFIX: z.string().regex(NATS_PREFIX_PATTERN, 'must be 1-32 letters, digits or dashes').default('tw'),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:'], 'postgresql://user@127.0.0.1:5432/tickwire').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FEED_SOURCE: z.enum(['simulator', 'replay', 'binance']).default('simulator'),
  FEED_RATE: positiveInt('a whole number of updates per second').max(100_000, 'must be at most 100000').default(40),
  FEED_SEED: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').default(42),
  BINANCE_WS_URL: urlWithProtocols(['ws:', 'wss:'], 'wss://stream.binance.com:9443').default('wss://stream.binance.com:9443'),
  BINANCE_REST_URL: urlWithProtocols(['http:', 'https:'], 'https://api.binance.com').default('https://api.binance.com'),
  BINANCE_SYMBOLS: venueSymbols.optional(),
  REPLAY_FILE: z.string().min(1).default('tests/fixtures/feed-recording.ndjson'),
  REPLAY_SPEED: z.coerce.number({ message: 'must be a number' }).positive('must be greater than 0').default(1),
  ALLOWED_ORIGINS: z.string().optional(),
  PUBLIC_GATEWAY_URL: urlWithProtocols(['ws:', 'wss:'], 'ws://localhost:3001/ws').optional(),
  EMBED_FRAME_ANCESTORS: frameAncestors.default('*'),
  SHUTDOWN_TIMEOUT_MS: positiveInt('a whole number of milliseconds').default(5000),
  LEADER_LEASE_MS: positiveInt('a whole number of milliseconds').min(300, 'must be at least 300').max(60_000, 'must be at most 60000').optional(),
  SESSION_IDLE_TIMEOUT_MS: sessionDuration.default(DEFAULT_SESSION_POLICY.idleTimeoutMs),
  SESSION_MAX_AGE_MS: sessionDuration.default(DEFAULT_SESSION_POLICY.maxAgeMs),
  SESSION_PRUNE_INTERVAL_MS: positiveInt('a whole number of milliseconds').min(1000, 'must be at least 1000').max(86_400_000, 'must be at most 86400000 (a day)').default(3_600_000),
  TRUSTED_PROXIES: addressList.default([]),
  PROXY_PROTOCOL: flag.default(false),
  TRUSTED_PROXY_HOPS: z.coerce.number({ message: 'must be a whole number of proxies' }).int('must be a whole number of proxies').min(1, 'must be 1 to 10').max(10, 'must be 1 to 10').default(1),
  MAX_SOCKETS: positiveInt('a whole number of sockets').default(10_000),
  MAX_STREAMS: positiveInt('a whole number of streams').default(10_000),
  HANDSHAKE_RATE: z.coerce.number({ message: 'must be a number of handshakes per second' }).positive('must be greater than 0').default(20),
  HANDSHAKE_BURST: positiveInt('a whole number of handshakes').default(100),
  WS_DEFLATE: flag.default(true),
  OPS_PORT: portNumber.optional(),
  OPS_HOST: z.string().min(1).default('127.0.0.1'),
  OPS_ALLOW: addressList.default(['127.0.0.0/8', '::1']),
  ORDER_OPS_PER_SECOND: positiveInt('a whole number of order ops per second').default(20),
  ORDER_OPS_BURST: positiveInt('a whole number of order ops').default(100),
  ORDER_OPS_PER_ADDRESS_PER_SECOND: positiveInt('a whole number of order ops per second').default(60),
  ORDER_OPS_PER_ADDRESS_BURST: positiveInt('a whole number of order ops').default(120),
  ORDER_QUEUE_MAX: positiveInt('a whole number of queued order ops').default(10_000),
  SESSIONS_PER_ADDRESS: positiveInt('a whole number of sessions').default(200),
  SESSION_WINDOW_MS: positiveInt('a whole number of milliseconds').min(1000, 'must be at least 1000').default(600_000),
  TICKWIRE_SKIP_BUILD: flag.default(false),
  // Read by bin/env-file.ts before this schema; listed so that it is documented and checked like the rest.
  ENV_FILE: z.string().min(1).optional(),
});

/** Every setting's name, as .env.example documents them. */
export const SETTING_NAMES: readonly string[] = Object.keys(envSchema.shape);

/** The validated configuration of one process. */
export interface Config {
  role: Role;
  port: number;
  host: string;
  nodeId: string;
  redisUrl: string | undefined;
  /** `redisUrl` names one node of a Redis Cluster (sharded pub/sub, hash-tagged names; docs/scaling.md). */
  redisCluster: boolean;
  redisPrefix: string;
  /** The broker (BROKER; unset: redis when REDIS_URL is set, memory otherwise). */
  broker: 'memory' | 'redis' | 'nats';
  /** NATS with JetStream, for BROKER=nats. */
  natsUrl: string | undefined;
  /** Starts every NATS subject, stream and KV bucket name, so several deployments can share one server. */
  natsPrefix: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  feed: {
    source: 'simulator' | 'replay' | 'binance';
    ratePerSecond: number;
    seed: number;
    replayFile: string;
    replaySpeed: number;
    /** Where the Binance source connects, and which of its symbols it follows (undefined: every mapped one). */
    binance: { wsUrl: string; restUrl: string; symbols: string[] | undefined };
  };
  /** Origins allowed to open the WebSocket; empty means the app's own origin only. */
  allowedOrigins: string[];
  /** Where browsers open the WebSocket; undefined means the page's own origin, path /ws. */
  publicGatewayUrl: string | undefined;
  /** Who may frame the /embed/ticker widget: a CSP frame-ancestors source list (the app's own pages always may). */
  embedFrameAncestors: string;
  shutdownTimeoutMs: number;
  /** The feed's and the engine's leader lease: a standby takes over about this long after its leader died. */
  leaderLeaseMs: number;
  /** When a session ends: idle this long since last seen, or this long after it was opened. */
  session: SessionPolicy;
  /** How often each web node deletes expired sessions and orphaned demo accounts. */
  sessionPruneIntervalMs: number;
  /** Our own proxies (TRUSTED_PROXIES, TRUSTED_PROXY_HOPS): only their X-Forwarded-For entries name a client. */
  proxyTrust: ProxyTrust;
  /**
   * PROXY_PROTOCOL: every connection to the main port opens with a PROXY protocol header (v2, or v1)
   * from a trusted proxy (an L4 balancer: HAProxy `send-proxy-v2`), which names the client; the
   * operations port never does (server/http/proxy-protocol.ts).
   */
  proxyProtocol: boolean;
  /**
   * WS_DEFLATE: the gateway's `/ws` accepts permessage-deflate (without context takeover) and writes
   * each shared frame compressed once to every socket that negotiated it (server/gateway/fanout/deflate-frame.ts).
   */
  wsDeflate: boolean;
  /** Per-node ceilings (503 past them) and the per-address handshake rate (429 past it). */
  limits: { maxSockets: number; maxStreams: number; handshakeRatePerSecond: number; handshakeBurst: number };
  /** /metrics, /readyz and /api/system: on their own listener (`port` set) or for `allow`ed client addresses only. */
  ops: { port: number | undefined; host: string; allow: string[] };
  /** Order-op budgets checked by the gateway (per user, and per client address over all its users) and the order queue's bound. */
  orderLimits: OrderLimits;
  /** New demo accounts per client address (POST /api/session without a session): `perAddress` per `windowMs`. */
  sessionCreation: { perAddress: number; windowMs: number };
  dev: boolean;
  /** Never build at start: a missing or stale build is an error (read-only images run `npm run build` first). */
  skipBuild: boolean;
}

/** ORDER_OPS_*: ops per second and the burst allowed at once, per user and per client address; ORDER_QUEUE_MAX. */
export interface OrderLimits {
  perUser: { opsPerSecond: number; burst: number };
  perAddress: { opsPerSecond: number; burst: number };
  queueMax: number;
}

/** Thrown for a bad environment value; its message is the one line the process prints before exiting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}

/** The leader lease on a shared broker: a standby takes over about this long after its leader died. */
export const SHARED_LEADER_LEASE_MS = 3000;
/**
 * On the in-process broker: the process is its own only candidate, so there is no standby to hand
 * over to, and a stall past a short lease (a busy start, a loaded machine) would only step the feed
 * down and back up, starting a new epoch that makes every client resync for nothing.
 */
export const EMBEDDED_LEADER_LEASE_MS = 30_000;

/** Parses and validates the environment for a role, throwing a ConfigError naming the first bad variable. */
export function loadConfig(role: Role, env: Record<string, string | undefined> = process.env, options: { dev?: boolean } = {}): Config {
  // An empty value means unset, as in a .env line `REDIS_URL=` copied from .env.example.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'} (got ${describeValue(name, env[name])})`);
  }
  const e = parsed.data;
  if (env.TRUST_PROXY !== undefined && env.TRUST_PROXY !== '') {
    throw new ConfigError(
      `Invalid configuration: TRUST_PROXY is no longer read; TRUSTED_PROXIES (your load balancers' addresses or CIDR ranges, comma-separated) and TRUSTED_PROXY_HOPS (default 1) replace it (got ${describeValue('TRUST_PROXY', env.TRUST_PROXY)})`,
    );
  }
  const broker = e.BROKER ?? (e.REDIS_URL ? 'redis' : 'memory');
  if (broker === 'nats' && !e.NATS_URL) {
    throw new ConfigError('Invalid configuration: NATS_URL is required when BROKER is nats (got undefined)');
  }
  if (e.BROKER === 'redis' && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration: REDIS_URL is required when BROKER is redis (got undefined)');
  }
  const distributedOnly = role !== 'all';
  const sharedBrokerUrl = broker === 'nats' ? 'NATS_URL' : 'REDIS_URL';
  if (distributedOnly && e.BROKER === 'memory') {
    throw new ConfigError(`Invalid configuration: BROKER must be redis or nats to run the ${role} role on its own (got "memory")`);
  }
  if (distributedOnly && broker === 'memory') {
    throw new ConfigError(`Invalid configuration: REDIS_URL is required to run the ${role} role on its own (got undefined)`);
  }
  // Alone, a role would open a private embedded database: the gateway would know no user and the
  // engine would write orders nobody else sees. Shared state or nothing.
  if (distributedOnly && !e.DATABASE_URL) {
    throw new ConfigError(`Invalid configuration: DATABASE_URL is required to run the ${role} role on its own, beside ${sharedBrokerUrl} (got undefined)`);
  }
  if (e.REDIS_CLUSTER === 'true' && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration: REDIS_URL must name a cluster node when REDIS_CLUSTER is true (got undefined)');
  }
  if (e.SESSION_IDLE_TIMEOUT_MS > e.SESSION_MAX_AGE_MS) {
    throw new ConfigError(`Invalid configuration: SESSION_IDLE_TIMEOUT_MS must be at most SESSION_MAX_AGE_MS (${e.SESSION_MAX_AGE_MS}) (got ${e.SESSION_IDLE_TIMEOUT_MS})`);
  }
  // Every connection would be refused: only a trusted proxy may send the header.
  if (e.PROXY_PROTOCOL && e.TRUSTED_PROXIES.length === 0) {
    throw new ConfigError('Invalid configuration: PROXY_PROTOCOL needs TRUSTED_PROXIES, the balancers\' addresses: only they may send the header (got undefined)');
  }
  const port = e.PORT ?? DEFAULT_PORTS[role];
  if (e.OPS_PORT !== undefined && e.OPS_PORT !== 0 && e.OPS_PORT === port) {
    throw new ConfigError(`Invalid configuration: OPS_PORT must differ from the main port ${port}: it is the internal listener for /metrics, /readyz and /api/system (got ${e.OPS_PORT})`);
  }
  return {
    role,
    port,
    host: e.HOST,
    nodeId: e.NODE_ID ?? `${role}-${port}-${process.pid}`,
    redisUrl: e.REDIS_URL,
    redisCluster: e.REDIS_CLUSTER === 'true',
    redisPrefix: e.REDIS_PREFIX,
    broker,
    natsUrl: e.NATS_URL,
    natsPrefix: e.NATS_PREFIX,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    feed: {
      source: e.FEED_SOURCE,
      ratePerSecond: e.FEED_RATE,
      seed: e.FEED_SEED,
      replayFile: e.REPLAY_FILE,
      replaySpeed: e.REPLAY_SPEED,
      binance: { wsUrl: e.BINANCE_WS_URL, restUrl: e.BINANCE_REST_URL, symbols: e.BINANCE_SYMBOLS },
    },
    allowedOrigins: (e.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    publicGatewayUrl: e.PUBLIC_GATEWAY_URL,
    embedFrameAncestors: e.EMBED_FRAME_ANCESTORS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    leaderLeaseMs: e.LEADER_LEASE_MS ?? (broker === 'memory' ? EMBEDDED_LEADER_LEASE_MS : SHARED_LEADER_LEASE_MS),
    session: { idleTimeoutMs: e.SESSION_IDLE_TIMEOUT_MS, maxAgeMs: e.SESSION_MAX_AGE_MS },
    sessionPruneIntervalMs: e.SESSION_PRUNE_INTERVAL_MS,
    proxyTrust: { proxies: e.TRUSTED_PROXIES, hops: e.TRUSTED_PROXY_HOPS },
    proxyProtocol: e.PROXY_PROTOCOL,
    wsDeflate: e.WS_DEFLATE,
    limits: { maxSockets: e.MAX_SOCKETS, maxStreams: e.MAX_STREAMS, handshakeRatePerSecond: e.HANDSHAKE_RATE, handshakeBurst: e.HANDSHAKE_BURST },
    ops: { port: e.OPS_PORT, host: e.OPS_HOST, allow: e.OPS_ALLOW },
    orderLimits: {
      perUser: { opsPerSecond: e.ORDER_OPS_PER_SECOND, burst: e.ORDER_OPS_BURST },
      perAddress: { opsPerSecond: e.ORDER_OPS_PER_ADDRESS_PER_SECOND, burst: e.ORDER_OPS_PER_ADDRESS_BURST },
      queueMax: e.ORDER_QUEUE_MAX,
    },
    sessionCreation: { perAddress: e.SESSIONS_PER_ADDRESS, windowMs: e.SESSION_WINDOW_MS },
    dev: options.dev ?? false,
    skipBuild: e.TICKWIRE_SKIP_BUILD,
  };
}

/** A setting's value as an error may show it: a URL without its password, a secret not at all. */
function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'undefined';
  if (/PASSWORD|SECRET|TOKEN|KEY/.test(name)) return '<hidden>';
  // Also for URLs that do not parse, which redactUrl cannot take apart.
  return JSON.stringify(value.replace(/([^:/@\s]*):[^@\s/]*@/, '$1:***@'));
}

/** A URL safe to print: no password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}
