// Fan-out benchmark: Tickwire's gateway (JSON and STOMP clients) against Socket.IO 4 +
// @socket.io/redis-adapter and a bare pre-framed `ws` server, over one Redis stream from one
// publisher, at each client count and feed rate.
// See README "Benchmarks" for what each figure means.
import { printTable, writeResults, type Row } from '../lib/report.ts';
import { Child } from './ipc.ts';
import { runPhase, type PhasePlan } from './phase.ts';
import type { PublisherApi } from './publisher.ts';
import { SERVER_KINDS, type ServerKind } from './server-kinds.ts';
import { SETTINGS } from './settings.ts';
import { targetRows } from './targets.ts';
import type { WindowRow } from './window-row.ts';

const LABEL: Record<ServerKind, string> = {
  gateway: 'tickwire gateway',
  'gateway-stomp': 'tickwire gateway over STOMP',
  socketio: 'socket.io+redis',
  bare: 'bare ws (ceiling)',
};

/** Runs every phase and returns one row per measured window. */
export async function runFanoutBenchmark(): Promise<Row[]> {
  const prefix = `twbench:fanout:${process.pid}:`;
  const kinds = SERVER_KINDS.filter((kind) => SETTINGS.phases.includes(kind));
  const plansOf = (kind: ServerKind): PhasePlan[] => SETTINGS.clientCounts.map((clients) => ({ kind, clients, isSlowFifth: false }));
  const slow: PhasePlan[] = SETTINGS.phases.includes('slow') ? [{ kind: 'gateway', clients: SETTINGS.slowClients, isSlowFifth: true }] : [];
  // The gateway's windows first, the fifth-not-reading one right after them, so the two it is compared
  // against run on the same machine: Socket.IO and bare ws fall behind at the stressful rate, and their
  // backlogs keep the machine busy for a while after they stop. STOMP's windows follow (SERVER_KINDS'
  // order), still before those backlogs, so they sit beside the JSON ones on the same machine too.
  const plans = [...(kinds.includes('gateway') ? plansOf('gateway') : []), ...slow, ...kinds.filter((kind) => kind !== 'gateway').flatMap(plansOf)];
  const publisher = Child.start<PublisherApi>('publisher', './publisher.ts', [prefix]);
  const windows: WindowRow[] = [];
  try {
    await publisher.ready();
    for (const plan of plans) {
      process.stderr.write(`fanout: ${plan.kind}, ${plan.clients} clients${plan.isSlowFifth ? ', a fifth not reading' : ''}\n`);
      windows.push(...(await runPhase(plan, publisher, prefix).catch((error: unknown) => failedPhase(plan, error))));
    }
  } finally {
    await publisher.stop();
  }
  const targets = targetRows(windows);
  printTable('Fan-out: targets, from this run', targets);
  process.stdout.write(`targets: ${writeResults('fanout-targets', targets)}\n`);
  return windows.map((w) => tableRow(w, windows));
}

function tableRow(w: WindowRow, all: WindowRow[]): Row {
  const socketIo = all.find((o) => o.server === 'socketio' && o.clients === w.clients && o.targetRate === w.targetRate && o.scenario === 'all reading');
  return {
    server: LABEL[w.server],
    clients: w.clients,
    'feed/s': Math.round(w.feedPerSecond),
    scenario: w.scenario,
    'delivered/s': Math.round(w.deliveredPerSecond),
    '% of all': w.deliveredPercent,
    '× socket.io': socketIo && socketIo.deliveredPerSecond > 0 ? w.deliveredPerSecond / socketIo.deliveredPerSecond : '-',
    'deltas/frame': w.deltasPerFrame,
    'bytes/delta': Math.round(w.bytesPerDelta),
    'p50 ms': w.p50Ms,
    'p99 ms': w.p99Ms,
    'max ms': w.maxMs,
    'CPU µs/delta': w.cpuUsPerDelta,
    'CPU %': w.serverCpuPercent,
    'relay CPU %': w.relayCpuPercent,
    'peak RSS MB': w.peakRssMb,
    'idle RSS MB': w.idleRssMb,
    'idle KB/conn': w.idleKbPerConnection,
    'loadgen CPU %': w.loadgenCpuPercent,
    closed: w.closed,
    counters: Object.entries(w.serverCounters).map(([name, value]) => `${name}=${value}`).join(' ') || '-',
    load: w.machineLoad,
  };
}

// One failed phase (a server that crashed or could not take the clients) is reported, and the run goes on.
function failedPhase(plan: PhasePlan, error: unknown): WindowRow[] {
  process.stderr.write(`fanout: ${plan.kind} with ${plan.clients} clients failed: ${error instanceof Error ? error.message : String(error)}\n`);
  return [];
}
