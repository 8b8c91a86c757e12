// Starts the app the way a user does (`bin/tickwire.ts all`) on a port and data folder of the test's
// own, so a test can kill it and start it again at the same address.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { spawnTracked } from '../../../scripts/lib/child-processes.ts';

export interface AppServer {
  readonly port: number;
  readonly baseUrl: string;
  /** SIGKILL: no graceful shutdown, sockets just die. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Spawns the app and resolves once /readyz answers 200. */
export async function startApp(port: number, dataDir: string, timeoutMs = 120_000, env: Record<string, string> = {}): Promise<AppServer> {
  const child: ChildProcess = spawnTracked(process.execPath, ['--import', 'tsx', 'bin/tickwire.ts', 'all'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', FEED_RATE: '40', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = once(child, 'exit');
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}: ${stderr}`);
    if (await fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return { port, baseUrl, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
