// Runs HAProxy as the cluster's L4 load balancer, from deploy/haproxy.cfg with the node addresses filled
// in: a web port and a gateway port, each connection relayed to a node with a PROXY protocol v2 header.
// In the foreground, one process; it fails at once with HAProxy's own words when it cannot start.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { launchForeground, stopForeground } from './foreground-process.ts';

const TEMPLATE = join(PROJECT_ROOT, 'deploy', 'haproxy.cfg');

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
  const started = await launchForeground({
    name: 'haproxy',
    bin: haproxyBin(),
    args: ['-db', '-f', configPath],
    ports: [options.webPort, options.gatewayPort],
    failure: (stderr) => stderr.trim() || 'no message',
  });
  return {
    webPort: options.webPort,
    gatewayPort: options.gatewayPort,
    configPath,
    output: started.stderr,
    stop: () => stopForeground(started),
  };
}
