// One phase: a consumer (the floor or the real engine) takes the order queue, the users send at one
// rate, and the phase waits for every answer (bounded); what each process spent is measured around it.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import type { TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import { startRoles } from '../../tests/helpers/start-roles.ts';
import { sendAtRate } from '../order-roundtrip.ts';
import { cpuMicros } from '../sse/process-meter.ts';
import { engineStats, type ConsumerStats } from './consumer-stats.ts';
import { startFloor } from './floor-process.ts';
import type { FloorInsertMode } from './floor-writes.ts';
import type { Leg, PhaseUsage } from './leg-summary.ts';
import type { OrderTally } from './order-tally.ts';

/** The consumer of one leg, running. */
export interface LegConsumer {
  pid: number;
  /** Its batches and statements so far; undefined when they could not be read. */
  stats(): Promise<ConsumerStats | undefined>;
  stop(): Promise<void>;
}

/** The environment of the run's processes: one Redis prefix and database, and the order budgets. */
export type StackEnv = Record<string, string> & { REDIS_URL: string; REDIS_PREFIX: string; DATABASE_URL: string };

const ENGINE_LEADS_TIMEOUT_MS = 60_000;

/**
 * Starts the leg's consumer on the run's prefix and database: the floor process, or a real engine
 * process (pushed to `started` so the run stops it whatever fails) once it leads and reads the queue.
 */
export async function startConsumer(leg: Leg, env: StackEnv, insertMode: FloorInsertMode, started: TickwireProcess[]): Promise<LegConsumer> {
  if (leg === 'floor') {
    const floor = await startFloor({ ...env, FLOOR_INSERT: insertMode });
    return { pid: floor.child.pid ?? 0, stats: () => floor.stats().catch(() => undefined), stop: () => floor.stop() };
  }
  const [engine] = await startRoles([{ role: 'engine', env: { ...env, NODE_ID: 'engine-1' } }]);
  if (engine === undefined) throw new Error('the engine did not start');
  started.push(engine);
  // Ready is the process; the engine consumes only once it holds the lease and its books are in sync.
  await waitFor('the engine to lead', () => engine.logs.some((l) => l.msg === 'engine started'), ENGINE_LEADS_TIMEOUT_MS, 50);
  return {
    pid: engine.child.pid ?? 0,
    // Its own histograms, from /metrics on its port (served to loopback).
    stats: () =>
      fetch(`${engine.baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })
        .then(async (response) => (response.ok ? engineStats(await response.text()) : undefined))
        .catch(() => undefined),
    stop: async () => {
      await engine.stop();
    },
  };
}

/** What a phase needs: the sockets, its tally, the processes to meter and its timing. */
export interface PhasePlan {
  sockets: WebSocket[];
  rate: number;
  idPrefix: string;
  tally: OrderTally;
  consumerPid: number;
  gatewayPids: number[];
  timing: { warmupS: number; measureS: number; drainS: number };
}

/** Sends the phase's orders and waits for their answers (up to the drain time); returns what it cost. */
export async function runPhase(plan: PhasePlan): Promise<PhaseUsage> {
  const { sockets, rate, idPrefix, tally, consumerPid, gatewayPids, timing } = plan;
  const gatewaysMicros = (): number => gatewayPids.reduce((sum, pid) => sum + cpuMicros(pid), 0);
  const before = { consumer: cpuMicros(consumerPid), gateways: gatewaysMicros(), generator: process.cpuUsage(), atMs: performance.now() };
  await sendAtRate(sockets, rate, idPrefix, (id, entry) => tally.sent(id, entry.atMs, entry.isMeasured), timing);
  // What is unanswered after the drain time counts as lost.
  await waitFor('every order answered', () => tally.isAllAnswered(), timing.drainS * 1000, 50).catch(() => undefined);
  const elapsedMicros = (performance.now() - before.atMs) * 1000;
  const generator = process.cpuUsage(before.generator);
  const pct = (micros: number): number => (micros * 100) / elapsedMicros;
  return {
    consumerCpuPct: pct(cpuMicros(consumerPid) - before.consumer),
    gatewaysCpuPct: pct(gatewaysMicros() - before.gateways),
    generatorCpuPct: pct(generator.user + generator.system),
    load1m: loadavg()[0] ?? Number.NaN,
  };
}
