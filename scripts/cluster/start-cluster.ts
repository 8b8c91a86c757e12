// A whole Tickwire deployment on one machine: feeds and engines (one leads, the others stand by),
// N gateways and M web nodes on Redis (or NATS JetStream) and PostgreSQL, behind nginx (L7) or HAProxy
// (L4, the PROXY protocol). Used by `npm run cluster` and by the chaos tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../lib/free-port.ts';
import { startTickwire, type TickwireProcess } from '../lib/tickwire-process.ts';
import { waitFor } from '../lib/wait-for.ts';
import { startHAProxy, type HAProxy } from './haproxy.ts';
import { startNginx, type Nginx } from './nginx.ts';

export interface ClusterOptions {
  /** The Redis every node uses (BROKER=redis), unless `nats` is given. */
  redisUrl?: string;
  databaseUrl: string;
  redisPrefix?: string;
  /** NATS JetStream instead of Redis: every node gets BROKER=nats, this NATS_URL and NATS_PREFIX, and no REDIS_URL. */
  nats?: ClusterNats;
  gateways?: number;
  webs?: number;
  /** Feed processes: the first leads, the others stand by (default 2). */
  feeds?: number;
  /** Engine processes: one leads, the others stand by (default 2). */
  engines?: number;
  /** The balancer's port (HAProxy's web port); a free one when absent. */
  port?: number;
  /** Extra environment for every node (e.g. FEED_RATE). */
  env?: Record<string, string>;
  /**
   * nginx (default): one port, routed by path. haproxy: a web port (`port`) and a gateway port, each
   * TCP connection relayed with a PROXY protocol header to web and gateway nodes that run with
   * PROXY_PROTOCOL and an OPS_PORT (their main port takes nothing without the header).
   */
  balancer?: 'nginx' | 'haproxy';
}

/** Where a NATS cluster's nodes meet: the server, and the prefix of every subject, stream and bucket of this run. */
export interface ClusterNats {
  url: string;
  /** Letters, digits and dashes (NATS_PREFIX); one per run, so runs sharing a server never meet. */
  prefix: string;
}

/** One node of the cluster, restartable on the same port. */
export interface ClusterNode {
  readonly name: string;
  readonly role: string;
  readonly port: number;
  /** The node's OPS_PORT (/metrics, /readyz, /api/system), when it has one: behind HAProxy, web and gateway nodes. */
  readonly opsPort?: number;
  process: TickwireProcess;
  /** Starts the node again (after a kill) with the same name, port and environment. */
  restart(): Promise<void>;
}

interface ClusterBase {
  /** Where pages, event streams and the REST API are served. */
  readonly url: string;
  /** Where WebSockets and Socket.IO connect: `url` behind nginx, the gateway port behind HAProxy. */
  readonly gatewayUrl: string;
  readonly nodes: ClusterNode[];
  node(name: string): ClusterNode;
  /** The node leading an active/standby role now (from the nodes' /metrics), waiting up to `timeoutMs` for one. */
  leaderOf(role: 'feed' | 'engine', timeoutMs?: number): Promise<ClusterNode>;
  stop(): Promise<void>;
}

/** A cluster behind nginx. */
export interface Cluster extends ClusterBase {
  readonly nginx: Nginx;
}

/** A cluster behind HAProxy. */
export interface HAProxyCluster extends ClusterBase {
  readonly haproxy: HAProxy;
}

/** The per-address order budget for load that comes from one loopback address (many users on 127.0.0.1). */
export const LOOPBACK_LOAD_ORDER_BUDGET = { ORDER_OPS_PER_ADDRESS_PER_SECOND: '2000', ORDER_OPS_PER_ADDRESS_BURST: '4000' } as const;

/** Starts every node, then nginx (or HAProxy) in front of the web and gateway nodes. */
export function startCluster(options: ClusterOptions & { balancer?: 'nginx' }): Promise<Cluster>;
export function startCluster(options: ClusterOptions & { balancer: 'haproxy' }): Promise<HAProxyCluster>;
export async function startCluster(options: ClusterOptions): Promise<Cluster | HAProxyCluster> {
  // Every node sits behind nginx, on this machine: per-client limits read the address nginx appends
  // to X-Forwarded-For on requests from 127.0.0.1. Prometheus and the leader lookup below read
  // /metrics from each node's own port, from loopback (OPS_ALLOW's default). Every load client of a
  // local cluster is 127.0.0.1 too, so the per-address order budget is lifted (a real address sends less).
  // Behind HAProxy the web and gateway nodes read the PROXY header instead, and serve /metrics on OPS_PORT.
  const base = {
    ...brokerEnv(options),
    DATABASE_URL: options.databaseUrl,
    TRUSTED_PROXIES: '127.0.0.1',
    ...LOOPBACK_LOAD_ORDER_BUDGET,
    ...options.env,
  };
  const nodes: ClusterNode[] = [];
  const gatewayCount = options.gateways ?? 2;
  const webCount = options.webs ?? 2;
  const feedCount = options.feeds ?? 2;
  const engineCount = options.engines ?? 2;
  const isHAProxy = options.balancer === 'haproxy';
  // Taken together: ports asked for one at a time (here by nodes starting side by side) can repeat.
  // Behind HAProxy: its two ports, and an OPS_PORT for each web and gateway node.
  const ports = await freePorts(1 + feedCount + engineCount + gatewayCount + webCount + (isHAProxy ? 1 + gatewayCount + webCount : 0));
  const takePort = (): number => {
    const port = ports.shift();
    if (port === undefined) throw new Error('more cluster ports asked for than were taken');
    return port;
  };
  const balancerPort = options.port ?? takePort();
  const gatewayPort = isHAProxy ? takePort() : balancerPort;
  const proxiedEnv = isHAProxy ? haproxyNodeEnv(balancerPort, gatewayPort) : undefined;
  const start = async (name: string, role: string): Promise<ClusterNode> => {
    const port = takePort();
    const proxied = role === 'web' || role === 'gateway' ? proxiedEnv?.[role] : undefined;
    const opsPort = proxied === undefined ? undefined : takePort();
    const env = { ...base, ...proxied, ...(opsPort === undefined ? {} : { OPS_PORT: String(opsPort) }), NODE_ID: name, PORT: String(port) };
    const node: ClusterNode = {
      name,
      role,
      port,
      ...(opsPort === undefined ? {} : { opsPort }),
      process: await startTickwire(role, env),
      async restart() {
        node.process = await startTickwire(role, env);
      },
    };
    nodes.push(node);
    return node;
  };
  const stopNodes = (): Promise<unknown> => Promise.all(nodes.map((n) => n.process.stop()));
  let balancer: { nginx: Nginx } | { haproxy: HAProxy };
  try {
    // The first feed migrates the database (and takes the lease); then everything else starts side by side.
    await start('feed-1', 'feed');
    const rest = await Promise.allSettled([
      ...range(feedCount - 1).map((i) => start(`feed-${i + 1}`, 'feed')),
      ...range(engineCount).map((i) => start(`engine-${i}`, 'engine')),
      ...range(gatewayCount).map((i) => start(`gateway-${i}`, 'gateway')),
      ...range(webCount).map((i) => start(`web-${i}`, 'web')),
    ]);
    const failed = rest.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const ofRole = (role: string): ClusterNode[] => nodes.filter((n) => n.role === role).sort((a, b) => a.name.localeCompare(b.name));
    balancer = isHAProxy
      ? {
          haproxy: await startHAProxy({
            runDir: mkdtempSync(join(tmpdir(), 'tickwire-haproxy-')),
            webPort: balancerPort,
            gatewayPort,
            webNodes: ofRole('web'),
            gatewayNodes: ofRole('gateway'),
          }),
        }
      : {
          nginx: await startNginx({
            runDir: mkdtempSync(join(tmpdir(), 'tickwire-nginx-')),
            listenPort: balancerPort,
            webPorts: nodes.filter((n) => n.role === 'web').map((n) => n.port),
            gatewayPorts: nodes.filter((n) => n.role === 'gateway').map((n) => n.port),
            socketIoNodes: nodes.filter((n) => n.role === 'gateway').map((n) => ({ nodeId: n.name, port: n.port })),
          }),
        };
  } catch (error) {
    // A cluster that did not start leaves nothing running: the caller has no handle to stop it with.
    await stopNodes();
    throw error;
  }
  const stopBalancer = (): Promise<void> => ('nginx' in balancer ? balancer.nginx.stop() : balancer.haproxy.stop());
  return {
    url: `http://127.0.0.1:${balancerPort}`,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    nodes,
    ...balancer,
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name}`);
      return found;
    },
    leaderOf(role, timeoutMs = 10_000) {
      return waitFor(`a ${role} leader`, () => findLeader(nodes.filter((n) => n.role === role), role), timeoutMs, 50);
    },
    async stop() {
      await stopBalancer();
      await stopNodes();
    },
  };
}

// The broker's variables for every node. On NATS, REDIS_URL is set empty (unset, for the config) so that
// one inherited from the caller's environment cannot bring Redis back in.
function brokerEnv(options: ClusterOptions): Record<string, string> {
  if (options.nats) return { BROKER: 'nats', NATS_URL: options.nats.url, NATS_PREFIX: options.nats.prefix, REDIS_URL: '' };
  if (!options.redisUrl) throw new Error('startCluster: a Redis URL or NATS options are needed');
  return { BROKER: 'redis', REDIS_URL: options.redisUrl, REDIS_PREFIX: options.redisPrefix ?? 'tw:' };
}

// Behind HAProxy each node reads the client from the PROXY header HAProxy (127.0.0.1, TRUSTED_PROXIES)
// sends; pages are on the web port and open the gateway on its own port (an L4 balancer cannot route
// by path), which then allows the web port's origin.
function haproxyNodeEnv(webPort: number, gatewayPort: number): Record<'web' | 'gateway', Record<string, string>> {
  return {
    web: { PROXY_PROTOCOL: 'true', PUBLIC_GATEWAY_URL: `ws://127.0.0.1:${gatewayPort}/ws` },
    gateway: { PROXY_PROTOCOL: 'true', ALLOWED_ORIGINS: `http://127.0.0.1:${webPort},http://localhost:${webPort}` },
  };
}

// The candidate whose /metrics says it leads; undefined while none does (or a node does not answer).
async function findLeader(candidates: readonly ClusterNode[], role: string): Promise<ClusterNode | undefined> {
  const leading = `tickwire_leader{role="${role}"} 1`;
  for (const node of candidates) {
    const text = await fetch(`http://127.0.0.1:${node.port}/metrics`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.text())
      .catch(() => '');
    if (text.split('\n').some((line) => line.startsWith(leading))) return node;
  }
  return undefined;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
