// `npm run cluster`: two feeds and two engines (one of each leads, the other stands by), two gateways
// and two web nodes on Redis + PostgreSQL behind nginx (or, with `-- --balancer haproxy`, behind
// HAProxy at L4 with the PROXY protocol), on this machine. Prints the URL and the nodes, writes the
// nodes as Prometheus targets; Ctrl-C stops everything. With `-- --broker nats` every node runs on
// NATS JetStream (NATS_URL, a prefix of this run's own, removed on stop) and Redis is not used at all.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CLUSTER_TARGETS_FILE, prometheusCommand, targetGroupsOf, writeTargetsFile } from './cluster/prometheus-targets.ts';
import { deleteNatsStreams, uniqueNatsPrefix } from './cluster/nats-prefix.ts';
import { startCluster, type ClusterOptions } from './cluster/start-cluster.ts';

const { balancer, broker } = clusterArgs();

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const nats = broker === 'nats' ? { url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', prefix: uniqueNatsPrefix('tw-cluster') } : undefined;
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tickwire';
const port = Number(process.env.CLUSTER_PORT ?? 8080);

await ensureDatabase(databaseUrl);
const brokerLabel = nats ? `${nats.url} (NATS JetStream, prefix ${nats.prefix})` : redisUrl;
process.stdout.write(`starting the cluster on ${brokerLabel} and ${databaseUrl.replace(/:[^:@/]*@/, ':***@')} ...\n`);
const options: ClusterOptions = {
  ...(nats ? { nats } : { redisUrl }),
  databaseUrl,
  port,
  gateways: Number(process.env.CLUSTER_GATEWAYS ?? 2),
  webs: Number(process.env.CLUSTER_WEBS ?? 2),
  feeds: Number(process.env.CLUSTER_FEEDS ?? 2),
  engines: Number(process.env.CLUSTER_ENGINES ?? 2),
};
const cluster = balancer === 'haproxy' ? await startCluster({ ...options, balancer: 'haproxy' }) : await startCluster({ ...options, balancer: 'nginx' });
if ('haproxy' in cluster) {
  process.stdout.write(`\nTickwire cluster: ${cluster.url}  (HAProxy at L4, least connections, PROXY protocol v2 to the nodes)\n`);
  process.stdout.write(`gateway (WebSocket, Socket.IO): ${cluster.gatewayUrl.replace('http', 'ws')}/ws\n\n`);
} else {
  process.stdout.write(`\nTickwire cluster: ${cluster.url}  (nginx, least connections, no sticky sessions)\n\n`);
}
// Behind HAProxy the web and gateway nodes take only PROXY protocol connections on their main port:
// their health and metrics are read on their OPS_PORT.
const probePort = (node: { port: number; opsPort?: number }): number => node.opsPort ?? node.port;
process.stdout.write(`${'node'.padEnd(12)}${'role'.padEnd(10)}address\n`);
for (const node of cluster.nodes) process.stdout.write(`${node.name.padEnd(12)}${node.role.padEnd(10)}http://127.0.0.1:${probePort(node)}/healthz\n`);
writeTargetsFile(CLUSTER_TARGETS_FILE, targetGroupsOf(cluster.nodes.map((node) => ({ name: node.name, role: node.role, port: probePort(node) }))));
process.stdout.write(`\n${'haproxy' in cluster ? `haproxy config: ${cluster.haproxy.configPath}` : `nginx config: ${cluster.nginx.configPath}`}\n`);
process.stdout.write(`Prometheus targets: ${CLUSTER_TARGETS_FILE}\nscrape it and evaluate deploy/alerts.yml with:\n  ${prometheusCommand()}\n`);
process.stdout.write('\nCtrl-C stops every process.\n');

let isStopping = false;
const stop = async (): Promise<void> => {
  if (isStopping) return;
  isStopping = true;
  process.stdout.write('\nstopping...\n');
  // No targets left behind: a cluster stopped on purpose must not read as nodes down.
  writeTargetsFile(CLUSTER_TARGETS_FILE, []);
  await cluster.stop();
  // This run's streams, queues and buckets go with it: the next run takes a prefix of its own.
  if (nats) await deleteNatsStreams(nats.url, nats.prefix).catch((error: unknown) => process.stderr.write(`could not remove the NATS streams under ${nats.prefix}: ${String(error)}\n`));
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

// Creates the database if the server does not have it yet (a fresh machine).
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

// `--balancer nginx` (the default) or `--balancer haproxy`, `--broker redis` (the default) or
// `--broker nats`; anything else stops here with one line.
function clusterArgs(): { balancer: 'nginx' | 'haproxy'; broker: 'redis' | 'nats' } {
  let values: { balancer?: string; broker?: string };
  try {
    values = parseArgs({ options: { balancer: { type: 'string', default: 'nginx' }, broker: { type: 'string', default: 'redis' } } }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}; usage: npm run cluster [-- --balancer nginx|haproxy] [--broker redis|nats]\n`);
    process.exit(1);
  }
  const { balancer, broker } = values;
  if (balancer !== 'nginx' && balancer !== 'haproxy') {
    process.stderr.write(`--balancer must be nginx or haproxy (got ${JSON.stringify(balancer)})\n`);
    process.exit(1);
  }
  if (broker !== 'redis' && broker !== 'nats') {
    process.stderr.write(`--broker must be redis or nats (got ${JSON.stringify(broker)})\n`);
    process.exit(1);
  }
  return { balancer, broker };
}
