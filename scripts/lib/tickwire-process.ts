// Starts the real app (bin/tickwire.ts) as a child process, the way a user or a deployment does,
// and reads its JSON log lines to learn its port and state.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { waitFor } from './wait-for.ts';
import { spawnTracked } from './child-processes.ts';

// Enough for tests that read the start-up lines; a long-running node keeps only the newest lines after them.
const MAX_LOG_LINES = 5000;

export interface TickwireProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  /** Every parsed log line so far. */
  readonly logs: Record<string, unknown>[];
  /** Whatever the process wrote to stderr. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
  /** SIGKILL, no cleanup. */
  kill(): Promise<void>;
  /** SIGSTOP: the process freezes as in a long pause (GC, a stalled VM), its sockets left open. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

/** Spawns a role and waits until it logs that it is ready (or exits). */
export async function startTickwire(role: string, env: Record<string, string>, timeoutMs = 180_000): Promise<TickwireProcess> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'bin/tickwire.ts', role], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
        if (logs.length > MAX_LOG_LINES) logs.splice(100, logs.length - MAX_LOG_LINES);
      } catch {
        // not a log line
      }
    });
  }
  const exited = once(child, 'exit');
  const ready = await waitFor(
    `${role} to be ready`,
    () => {
      if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      return logs.find((l) => l.msg === `tickwire ${role} ready`);
    },
    timeoutMs,
    50,
  ).catch((error: unknown) => {
    // A start that failed leaves nothing running.
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  });
  const port = Number(ready.port);
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      // A paused process would hold SIGTERM until continued.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    pause() {
      if (child.exitCode === null) child.kill('SIGSTOP');
    },
    resume() {
      if (child.exitCode === null) child.kill('SIGCONT');
    },
  };
}

/** Runs a role expecting it to fail at start; resolves with its exit code and stderr. */
export async function runExpectingFailure(role: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'bin/tickwire.ts', role], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}
