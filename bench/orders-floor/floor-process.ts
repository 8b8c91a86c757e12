// Starts and stops the floor consumer (floor-consumer.ts) as its own process, as the engine runs in its own.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../lib/paths.ts';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import type { ConsumerStats, StatementStats } from './consumer-stats.ts';

/** The engine's consumer group: the floor takes the engine's place in it, under its own consumer name. */
export const FLOOR_GROUP = 'engine';
export const FLOOR_CONSUMER = 'orders-floor';
/** The line the floor prints once it reads the queue. */
export const FLOOR_READY_LINE = 'orders floor ready';
/** The line the floor answers SIGUSR2 with: its cumulative statistics. */
export const FLOOR_STATS_LINE = 'orders floor stats';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** A running floor consumer. */
export interface FloorProcess {
  readonly child: ChildProcess;
  /** Its cumulative statistics (SIGUSR2, answered on stdout). */
  stats(): Promise<ConsumerStats>;
  /** SIGTERM, then SIGKILL if it has not gone within 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The floor's stats line as consumer statistics: a read is its batch, the INSERT its one statement. */
function floorStats(line: { reads: number; entries: number; insert: StatementStats }): ConsumerStats {
  return { batches: line.reads, entries: line.entries, statements: { insert: line.insert } };
}

/** Spawns the floor on the given Redis prefix and database and waits until it reads the queue. */
export async function startFloor(env: { REDIS_URL: string; REDIS_PREFIX: string; DATABASE_URL: string; FLOOR_INSERT: string }): Promise<FloorProcess> {
  // stdin is a pipe the floor watches: if this process dies, the floor stops by itself.
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'bench/orders-floor/floor-consumer.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let stderr = '';
  let isReady = false;
  let statsWaiters: ((stats: ConsumerStats) => void)[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes(FLOOR_READY_LINE)) isReady = true;
      if (!line.includes(FLOOR_STATS_LINE)) return;
      const stats = floorStats(JSON.parse(line) as Parameters<typeof floorStats>[0]);
      for (const resolve of statsWaiters) resolve(stats);
      statsWaiters = [];
    });
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  await waitFor(
    'the orders floor to read the queue',
    () => {
      if (child.exitCode !== null) throw new Error(`the orders floor exited with ${child.exitCode}: ${stderr}`);
      return isReady;
    },
    START_TIMEOUT_MS,
    50,
  ).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const stats = (): Promise<ConsumerStats> =>
    new Promise<ConsumerStats>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the orders floor did not report its stats')), STOP_TIMEOUT_MS);
      statsWaiters.push((value) => {
        clearTimeout(timer);
        resolve(value);
      });
      child.kill('SIGUSR2');
    });
  return { child, stats, stop };
}
