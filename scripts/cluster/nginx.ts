// Runs nginx as the cluster's load balancer, from deploy/nginx.conf (and its includes) with the node
// addresses filled in; https too when a certificate is given.
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { spawnTracked } from '../lib/child-processes.ts';
import { waitFor } from '../lib/wait-for.ts';

const DEPLOY_DIR = join(PROJECT_ROOT, 'deploy');
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;

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
  tls?: NginxTlsOptions;
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  /** The https port, when started with `tls`. */
  readonly httpsPort: number | undefined;
  readonly configPath: string;
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
    .replaceAll('{{TLS_SERVER}}', tls === undefined ? '' : '  include nginx-tls.conf;');
  const path = join(options.runDir, 'nginx.conf');
  writeFileSync(path, config);
  return path;
}

/**
 * Starts nginx in the foreground and waits until it answers on the plain-http port. Throws at once
 * with nginx's own words when it exits during start, and leaves no process behind when it fails.
 */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const configPath = writeNginxConfig(options);
  // One process, no master: SIGKILL (ours, or spawnTracked's when this process dies) then ends all of
  // nginx, where a killed master would leave its workers serving the port.
  const child = spawnTracked(nginxBin(), ['-p', options.runDir, '-c', configPath, '-g', 'daemon off; master_process off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  let hasEnded = false;
  const ended = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`nginx (${nginxBin()}) did not start: ${error.message}`)));
    // 'close' comes after stderr is read to its end.
    child.once('close', (code, signal) => reject(new Error(`nginx exited (${signal ?? code}) at start: ${startFailure(stderr, options.runDir)}`)));
  }).finally(() => {
    hasEnded = true;
  });
  const answered = waitFor(
    'nginx to answer',
    async () => {
      if (hasEnded) throw new Error('nginx ended');
      try {
        return (await fetch(`http://127.0.0.1:${options.listenPort}/healthz`, { signal: AbortSignal.timeout(1000) })).status > 0;
      } catch {
        return false;
      }
    },
    START_TIMEOUT_MS,
    50,
  );
  // Whichever loses the race must not surface later as an unhandled rejection.
  ended.catch(() => undefined);
  answered.catch(() => undefined);
  try {
    await Promise.race([ended, answered]);
  } catch (error) {
    await stopChild(child, exited, 'SIGKILL');
    throw error;
  }
  return {
    port: options.listenPort,
    httpsPort: options.tls?.port,
    configPath,
    stop: () => stopChild(child, exited, 'SIGQUIT'), // SIGQUIT: finish open requests first
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

// nginx writes start errors to stderr, and some (after the config is read) only to its error log.
function startFailure(stderr: string, runDir: string): string {
  const logPath = join(runDir, 'error.log');
  const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
  return [stderr.trim(), log].filter(Boolean).join('\n') || 'no message';
}
