// Process entry point: `tickwire <role> [--dev]`. `all` runs every role in one process (the embedded
// default); `web`, `gateway`, `feed` and `engine` run one role each against Redis and PostgreSQL.
import type { Server } from 'node:http';
import { createBroker } from '../lib/broker/create-broker.ts';
import { ConfigError, ROLES, loadConfig, redactUrl, type Config, type Role } from '../lib/config.ts';
import { openDatabase } from '../lib/db/database.ts';
import { createLogger } from '../lib/log.ts';
import { getMetrics } from '../lib/metrics.ts';
import { PROJECT_ROOT } from '../lib/paths.ts';
import { setRuntime, type Runtime } from '../lib/runtime.ts';
import { Shutdown } from '../lib/shutdown.ts';
import { createHttpServer, createOpsServer, listen, stopAccepting } from '../server/http/http-server.ts';
import { BuildMissingError, ensureNextBuild, ensurePrismaClient } from './ensure-build.ts';
import { loadEnvFile } from './env-file.ts';

const role = parseRole(process.argv[2]);
const dev = process.argv.includes('--dev');
// Next reads NODE_ENV when it is loaded; production unless asked for dev mode.
Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production' });
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let config: Config;
try {
  loadEnvFile(PROJECT_ROOT);
  config = loadConfig(role, process.env, { dev });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, role, nodeId: config.nodeId });
const brokerName = describeBroker(config);
const databaseName = config.databaseUrl ? `postgresql (${redactUrl(config.databaseUrl)})` : `pglite (${config.dataDir})`;
logger.info({ broker: brokerName, database: databaseName, port: config.port }, `tickwire ${role} starting: broker=${brokerName} database=${databaseName}`);

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

const shutdown = new Shutdown(logger, config.shutdownTimeoutMs);
shutdown.listen();
void main().catch((error: unknown) => {
  // A setting found wrong only once a role reads it (REPLAY_FILE, BINANCE_SYMBOLS): one line, as above.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  logger.fatal({ err: error }, 'failed to start');
  void shutdown.run('startup failure', 1);
});

async function main(): Promise<void> {
  const hasWeb = role === 'all' || role === 'web';
  const policy = { mayBuild: !config.skipBuild };
  try {
    ensurePrismaClient(PROJECT_ROOT, (msg) => logger.info(msg), policy);
    if (hasWeb && !dev) ensureNextBuild(PROJECT_ROOT, (msg) => logger.info(msg), policy);
  } catch (error) {
    if (!(error instanceof BuildMissingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const broker = createBroker({ kind: config.broker, redisUrl: config.redisUrl, isRedisCluster: config.redisCluster, prefix: config.redisPrefix, natsUrl: config.natsUrl, natsPrefix: config.natsPrefix, logger });
  shutdown.add('storage', 'broker', () => broker.close());
  trackBrokerState(broker);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: true });
  shutdown.add('storage', 'database', () => db.close());
  const runtime: Runtime = { config, logger, broker, db, startedAt: Date.now() };
  setRuntime(runtime);

  const roles = await import('./roles.ts');
  const server = await roles.startRoles(runtime, shutdown, role);
  if (server) await serve(runtime, server);
  logger.info({ port: config.port }, `tickwire ${role} ready`);
}

async function serve(runtime: Runtime, served: Parameters<typeof createHttpServer>[1]): Promise<void> {
  const { request } = served;
  const server: Server = createHttpServer(runtime, served);
  const port = await listen(server, config.port, config.host);
  runtime.config.port = port;
  logger.info({ url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}` }, `listening on http://${config.host}:${port}`);
  shutdown.add('listeners', 'http server', () => stopAccepting(server));
  // Whatever is still open once the roles have closed their own sockets and streams.
  shutdown.add('workers', 'http connections', () => server.closeAllConnections());
  if (config.ops.port !== undefined) await serveOps(runtime, request, config.ops.port);
}

// The internal listener of /metrics, /readyz and /api/system (OPS_PORT); the main port then answers them 404.
async function serveOps(runtime: Runtime, request: Parameters<typeof createHttpServer>[1]['request'], opsPort: number): Promise<void> {
  const server = createOpsServer(runtime, { request });
  const port = await listen(server, opsPort, config.ops.host);
  logger.info({ opsPort: port }, `operations endpoints on http://${config.ops.host}:${port}`);
  shutdown.add('listeners', 'ops server', () => stopAccepting(server));
  shutdown.add('workers', 'ops connections', () => server.closeAllConnections());
}

function trackBrokerState(broker: Runtime['broker']): void {
  const { brokerUp } = getMetrics();
  brokerUp.set(broker.state === 'ready' ? 1 : 0);
  broker.onStateChange((state) => {
    brokerUp.set(state === 'ready' ? 1 : 0);
    if (state === 'ready') logger.info('broker connection ready');
    else logger.warn('broker connection lost, reconnecting');
  });
}

function parseRole(arg: string | undefined): Role {
  const found = ROLES.find((r) => r === arg);
  if (found) return found;
  process.stderr.write(`Usage: tickwire <${ROLES.join('|')}> [--dev] (got ${JSON.stringify(arg)})\n`);
  process.exit(1);
}

/** The broker as the start line names it, without a URL's password. */
function describeBroker(settings: Config): string {
  if (settings.broker === 'nats' && settings.natsUrl) return `nats (${redactUrl(settings.natsUrl)})`;
  if (settings.broker === 'redis' && settings.redisUrl) return `redis (${redactUrl(settings.redisUrl)})`;
  return 'memory (in-process)';
}
