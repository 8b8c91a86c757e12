// Runs HAProxy as the cluster's L4 load balancer, from deploy/haproxy.cfg with the node addresses filled
// in: a web port and a gateway port, each connection relayed to a node with a PROXY protocol v2 header.
// In the foreground, one process; it fails at once with HAProxy's own words when it cannot start.
import { type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { spawnTracked } from '../lib/child-processes.ts';
import { waitFor } from '../lib/wait-for.ts';

const TEMPLATE = join(PROJECT_ROOT, 'deploy', 'haproxy.cfg');
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;

export interface HAProxyOptions {
  runDir: string;
  /** Where pages, event streams and the REST API are served (the web nodes). */
  webPort: number;
  /** Where WebSockets and Socket.IO connect (the gateway nodes). */
  gatewayPort: number;
  webNodes: { name: string; port: number }[];
  gatewayNodes: { name: string; port: number }[];
}

/** A running HAProxy. */
export interface HAProxy {
  readonly webPort: number;
  readonly gatewayPort: number;
  readonly configPath: string;
  /** Everything HAProxy wrote to stderr so far (alerts, servers going down and up). */
  output(): string;
  /** SIGTERM (a hard stop: every connection closed at once); resolves once it has exited. */
  stop(): Promise<void>;
}

/** The HAProxy binary: `HAPROXY_BIN`, else `haproxy` from the PATH. */
export function haproxyBin(): string {
  return process.env.HAPROXY_BIN || 'haproxy';
}

/** Writes haproxy.cfg for these nodes into runDir; returns its path. */
export function writeHAProxyConfig(options: HAProxyOptions): string {
  const servers = (nodes: { name: string; port: number }[]): string => nodes.map(({ name, port }) => `  server ${name} 127.0.0.1:${port}`).join('\n');
  mkdirSync(options.runDir, { recursive: true });
  const config = readFileSync(TEMPLATE, 'utf8')
    .replaceAll('{{WEB_LISTEN}}', `127.0.0.1:${options.webPort}`)
    .replaceAll('{{GATEWAY_LISTEN}}', `127.0.0.1:${options.gatewayPort}`)
    .replaceAll('{{WEB_SERVERS}}', servers(options.webNodes))
    .replaceAll('{{GATEWAY_SERVERS}}', servers(options.gatewayNodes));
  const path = join(options.runDir, 'haproxy.cfg');
  writeFileSync(path, config);
  return path;
}

/**
 * Starts HAProxy in the foreground and waits until both ports answer. Throws with HAProxy's own words
 * when it exits during start (a bad config, a port in use), and leaves no process behind when it fails.
 */
export async function startHAProxy(options: HAProxyOptions): Promise<HAProxy> {
  const configPath = writeHAProxyConfig(options);
  // -db: foreground, no daemon; -f: the config. As root it stays root (the config names no user).
  const child = spawnTracked(haproxyBin(), ['-db', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    child.once('error', (error) => reject(new Error(`haproxy (${haproxyBin()}) did not start: ${error.message}`)));
    // 'close' comes after stderr is read to its end.
    child.once('close', (code, signal) => reject(new Error(`haproxy exited (${signal ?? code}) at start: ${stderr.trim() || 'no message'}`)));
  }).finally(() => {
    hasEnded = true;
  });
  const answered = Promise.all([options.webPort, options.gatewayPort].map((port) => waitUntilAnswering(port, () => hasEnded)));
  // Whichever loses the race must not surface later as an unhandled rejection.
  ended.catch(() => undefined);
  answered.catch(() => undefined);
  try {
    await Promise.race([ended, answered]);
  } catch (error) {
    await stopHAProxy(child, exited);
    if (hasEnded) throw error;
    throw new Error(`${String(error)}; haproxy said: ${stderr.trim() || 'nothing'}`);
  }
  return {
    webPort: options.webPort,
    gatewayPort: options.gatewayPort,
    configPath,
    output: () => stderr,
    stop: () => stopHAProxy(child, exited),
  };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

// Polls /healthz through HAProxy until a node answers (any status); throws when `hasEnded` says HAProxy is gone.
function waitUntilAnswering(port: number, hasEnded: () => boolean): Promise<boolean> {
  return waitFor(
    `haproxy to answer on port ${port}`,
    async () => {
      if (hasEnded()) throw new Error('haproxy ended');
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).status > 0;
      } catch {
        return false;
      }
    },
    START_TIMEOUT_MS,
    50,
  );
}

// SIGTERM and wait; SIGKILL if it takes longer than the grace.
async function stopHAProxy(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
