// A load balancer (nginx, HAProxy) run in the foreground for the cluster: spawned, raced against its
// own exit until its ports answer, and stopped with a grace period. A failed start throws with the
// balancer's own words and leaves no process behind.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawnTracked } from '../lib/child-processes.ts';
import { waitFor } from '../lib/wait-for.ts';

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3000;

/** A started process, and when it is gone. */
export interface ForegroundProcess {
  child: ChildProcess;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/** How to start one, and how to tell it answers. */
export interface ForegroundSpec {
  /** Its name in errors: `nginx`, `haproxy`. */
  name: string;
  bin: string;
  args: string[];
  spawn?: Pick<SpawnOptions, 'detached'>;
  /** Ports whose /healthz must answer (any status) before the start counts as done. */
  ports: number[];
  /** Why it failed to start, from its stderr (and wherever else it writes, e.g. an error log). */
  failure(stderr: string): string;
  /** Runs right after the spawn (e.g. tying a process group's life to it). */
  afterSpawn?(child: ChildProcess): void;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Spawns it and waits until every port answers; kills it and throws when it exits first or never answers. */
export async function launchForeground(spec: ForegroundSpec): Promise<ForegroundProcess> {
  const child = spawnTracked(spec.bin, spec.args, { stdio: ['ignore', 'ignore', 'pipe'], ...spec.spawn });
  spec.afterSpawn?.(child);
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
    child.once('error', (error) => reject(new Error(`${spec.name} (${spec.bin}) did not start: ${error.message}`)));
    // 'close' comes after stderr is read to its end.
    child.once('close', (code, signal) => reject(new Error(`${spec.name} exited (${signal ?? code}) at start: ${spec.failure(stderr)}`)));
  }).finally(() => {
    hasEnded = true;
  });
  const answered = Promise.all(spec.ports.map((port) => waitUntilAnswering(spec.name, port, () => hasEnded)));
  // Whichever loses the race must not surface later as an unhandled rejection.
  ended.catch(() => undefined);
  answered.catch(() => undefined);
  const started: ForegroundProcess = { child, exited, stderr: () => stderr };
  try {
    await Promise.race([ended, answered]);
  } catch (error) {
    await stopForeground(started, 'SIGKILL');
    if (hasEnded) throw error;
    throw new Error(`${String(error)}; ${spec.name} said: ${spec.failure(stderr)}`);
  }
  return started;
}

/** Polls /healthz on `port` until it answers (any status); throws when `hasEnded` says the process is gone. */
export function waitUntilAnswering(name: string, port: number, hasEnded: () => boolean): Promise<boolean> {
  return waitFor(
    `${name} to answer on port ${port}`,
    async () => {
      if (hasEnded()) throw new Error(`${name} ended`);
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

/** Signals it and waits for it to exit; SIGKILL if it takes longer than the grace. */
export async function stopForeground({ child, exited }: Pick<ForegroundProcess, 'child' | 'exited'>, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
