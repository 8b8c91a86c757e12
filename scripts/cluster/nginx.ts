// Runs nginx as the cluster's load balancer, from deploy/nginx.conf with the node addresses filled in.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { waitFor } from '../lib/wait-for.ts';

export interface NginxOptions {
  runDir: string;
  listenPort: number;
  webPorts: number[];
  gatewayPorts: number[];
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  readonly configPath: string;
  stop(): Promise<void>;
}

/** Writes the config for these nodes into runDir. */
export function writeNginxConfig(options: NginxOptions): string {
  const servers = (ports: number[]): string => ports.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join('\n');
  const config = readFileSync(join(PROJECT_ROOT, 'deploy', 'nginx.conf'), 'utf8')
    .replaceAll('{{RUN_DIR}}', options.runDir)
    .replaceAll('{{LISTEN}}', `127.0.0.1:${options.listenPort}`)
    .replaceAll('{{WEB_SERVERS}}', servers(options.webPorts))
    .replaceAll('{{GATEWAY_SERVERS}}', servers(options.gatewayPorts));
  mkdirSync(options.runDir, { recursive: true });
  const path = join(options.runDir, 'nginx.conf');
  writeFileSync(path, config);
  return path;
}

/** Starts nginx in the foreground (as a child we can stop) and waits until it answers. */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const configPath = writeNginxConfig(options);
  const child: ChildProcess = spawn('nginx', ['-p', options.runDir, '-c', configPath, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit');
  await waitFor(
    'nginx to answer',
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      try {
        return (await fetch(`http://127.0.0.1:${options.listenPort}/healthz`)).status > 0;
      } catch {
        return false;
      }
    },
    10_000,
    100,
  );
  return {
    port: options.listenPort,
    configPath,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGQUIT'); // graceful: finish open requests
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
