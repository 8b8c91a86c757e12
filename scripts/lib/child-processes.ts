// Child processes that cannot outlive the process that started them: a test file, a benchmark or
// `npm run cluster` that dies, fails or runs out of time takes everything it started with it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const alive = new Set<ChildProcess>();
let isHooked = false;

/** `child_process.spawn`, with the child killed (SIGKILL) when this process exits for any reason. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  hookExit();
  const child = spawn(command, args, options);
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  // A binary that is missing must fail the caller's wait, not crash this process.
  child.once('error', () => alive.delete(child));
  return child;
}

/** Kills every tracked child that is still running; synchronous, so it works inside an 'exit' handler. */
export function killTrackedChildren(): number {
  let killed = 0;
  for (const child of alive) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
  }
  alive.clear();
  return killed;
}

function hookExit(): void {
  if (isHooked) return;
  isHooked = true;
  process.on('exit', killTrackedChildren);
  // A signal ends the process without 'exit' unless someone listens: where nobody else handles it,
  // turn it into an ordinary exit so the children go too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(128 + signalNumber(signal));
    });
  }
}

function signalNumber(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP'): number {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}
