// Runs nginx as the cluster's load balancer, from deploy/nginx.conf (and its includes) with the node
// addresses filled in; https too when a certificate is given. It can be reloaded (`nginx -s reload`)
// and stopped and started again on the same ports, as an operator does, for the chaos tests.
import { execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { sidTagOf } from '../../lib/protocol/socketio-sid.ts';
import { sleep, waitFor } from '../lib/wait-for.ts';
import { hasExited, launchForeground, stopForeground, waitUntilAnswering, type ForegroundProcess } from './foreground-process.ts';

const DEPLOY_DIR = join(PROJECT_ROOT, 'deploy');
const START_TIMEOUT_MS = 10_000;
const SIGNAL_TIMEOUT_MS = 5000;
const execFileAsync = promisify(execFile);

/** https in front of the same locations: a PEM certificate and key, and the port to serve it on. */
export interface NginxTlsOptions {
  certificatePath: string;
  keyPath: string;
  port: number;
}

export interface NginxOptions {
  runDir: string;
  listenPort: number;
  webPorts: number[];
  gatewayPorts: number[];
  /** Gateway nodes by NODE_ID: a Socket.IO request carrying a session id of one goes to that node. */
  socketIoNodes?: { nodeId: string; port: number }[];
  tls?: NginxTlsOptions;
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  /** The https port, when started with `tls`. */
  readonly httpsPort: number | undefined;
  readonly configPath: string;
  /**
   * `nginx -s reload` with the binary, prefix and config it was started with; resolves once the
   * master has started a new worker and nginx answers. The old worker stops accepting at once and
   * closes the connections it still holds (WebSockets, event streams) by `worker_shutdown_timeout`.
   */
  reload(): Promise<void>;
  /**
   * Stops nginx as stop() does, waits `downtimeMs` (clients meet a refused port meanwhile), then
   * starts it again on the same ports with the same config; resolves once it answers.
   */
  restart(downtimeMs?: number): Promise<void>;
  /** Fast shutdown (SIGTERM): every open connection is closed at once. */
  stop(): Promise<void>;
}

/** The nginx binary: `NGINX_BIN`, else `nginx` from the PATH. */
export function nginxBin(): string {
  return process.env.NGINX_BIN || 'nginx';
}

/** Writes the config for these nodes into runDir (nginx.conf and the files it includes); returns nginx.conf's path. */
export function writeNginxConfig(options: NginxOptions): string {
  const servers = (ports: number[]): string => ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join('\n');
  const template = (name: string): string => readFileSync(join(DEPLOY_DIR, name), 'utf8');
  mkdirSync(options.runDir, { recursive: true });
  // nginx resolves a relative `include` against the folder of the file given with -c.
  copyFileSync(join(DEPLOY_DIR, 'nginx-locations.conf'), join(options.runDir, 'nginx-locations.conf'));
  const { tls } = options;
  if (tls !== undefined) {
    const server = template('nginx-tls.conf')
      .replaceAll('{{TLS_LISTEN}}', `127.0.0.1:${tls.port}`)
      .replaceAll('{{TLS_CERTIFICATE}}', tls.certificatePath)
      .replaceAll('{{TLS_CERTIFICATE_KEY}}', tls.keyPath);
    writeFileSync(join(options.runDir, 'nginx-tls.conf'), server);
  }
  const config = template('nginx.conf')
    .replaceAll('{{RUN_DIR}}', options.runDir)
    .replaceAll('{{LISTEN}}', `127.0.0.1:${options.listenPort}`)
    .replaceAll('{{WEB_SERVERS}}', servers(options.webPorts))
    .replaceAll('{{GATEWAY_SERVERS}}', servers(options.gatewayPorts))
    .replaceAll('{{SOCKET_IO_NODES}}', socketIoRoutes(options.socketIoNodes ?? []))
    .replaceAll('{{TLS_SERVER}}', tls === undefined ? '' : '  include nginx-tls.conf;');
  const path = join(options.runDir, 'nginx.conf');
  writeFileSync(path, config);
  return path;
}

// One map line per node: its session ids start with its tag and a dot (server/gateway/socketio).
function socketIoRoutes(nodes: { nodeId: string; port: number }[]): string {
  return nodes.map(({ nodeId, port }) => `    "~^${sidTagOf(nodeId)}\\." 127.0.0.1:${port};`).join('\n');
}

/**
 * Starts nginx in the foreground and waits until it answers on the plain-http port. Throws at once
 * with nginx's own words when it exits during start, and leaves no process behind when it fails.
 */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const configPath = writeNginxConfig(options);
  let current = await launchNginx(options, configPath);
  const stop = (): Promise<void> => stopForeground(current, 'SIGTERM');
  return {
    port: options.listenPort,
    httpsPort: options.tls?.port,
    configPath,
    async reload() {
      const master = current;
      const oldWorkers = workersOf(master);
      await execFileAsync(nginxBin(), ['-p', options.runDir, '-c', configPath, '-s', 'reload'], { timeout: SIGNAL_TIMEOUT_MS });
      // A config nginx refuses leaves the old worker serving: then no new worker appears, and this says why.
      await waitFor('a new nginx worker after the reload', () => workersOf(master).some((pid) => !oldWorkers.includes(pid)), START_TIMEOUT_MS, 20).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${startFailure('', options.runDir)}`);
      });
      await waitUntilAnswering('nginx', options.listenPort, () => hasExited(master.child));
    },
    async restart(downtimeMs = 0) {
      await stop();
      await sleep(downtimeMs);
      current = await launchNginx(options, configPath);
    },
    stop,
  };
}

// Spawns nginx on a written config and waits until it answers; kills it and throws when it does not.
function launchNginx(options: NginxOptions, configPath: string): Promise<ForegroundProcess> {
  // A master and its worker, as deployed (a reload needs the master: without one nginx stops
  // accepting after a reload). They get a process group of their own, and the whole group is killed
  // when the master ends or this process exits, so a killed master never leaves a worker serving the port.
  return launchForeground({
    name: 'nginx',
    bin: nginxBin(),
    args: ['-p', options.runDir, '-c', configPath, '-g', globalDirectives()],
    spawn: { detached: true },
    ports: [options.listenPort],
    failure: (stderr) => startFailure(stderr, options.runDir),
    afterSpawn: killGroupWithMaster,
  });
}

// In the foreground; started as root, nginx would run its worker as `nobody`, which may not enter the
// run folder (a private temp folder) where the proxy buffers to disk.
function globalDirectives(): string {
  return process.getuid?.() === 0 ? 'daemon off; user root;' : 'daemon off;';
}

// Kills the master's process group when the master exits (its workers would serve on) and when this
// process exits first (spawnTracked then kills the master alone).
function killGroupWithMaster(child: ChildProcess): void {
  const { pid } = child;
  if (pid === undefined) return;
  const killGroup = (): void => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  };
  process.on('exit', killGroup);
  child.once('exit', () => {
    killGroup();
    process.off('exit', killGroup);
  });
}

// The master's children from Linux's /proc: its worker, and after a reload the old one until it has let go.
function workersOf(master: ForegroundProcess): number[] {
  const { pid } = master.child;
  if (pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // the master is gone
  }
}

// nginx writes start errors to stderr, and some (after the config is read) only to its error log.
function startFailure(stderr: string, runDir: string): string {
  const logPath = join(runDir, 'error.log');
  const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  return [stderr.trim(), log].filter(Boolean).join('\n') || 'no message';
}
