// Fan-out benchmark: Tickwire's gateway (JSON and STOMP clients, and JSON clients with and without
// permessage-deflate) against Socket.IO 4 + @socket.io/redis-adapter and a bare pre-framed `ws`
// server, over one Redis stream from one publisher, at each client count and feed rate.
// See README "Benchmarks" for what each figure means.
import { loadavg } from 'node:os';
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
  'gateway-deflate': 'tickwire gateway, permessage-deflate',
  socketio: 'socket.io+redis',
  bare: 'bare ws (ceiling)',
};

/** Runs every phase and returns one row per measured window. */
export async function runFanoutBenchmark(): Promise<Row[]> {
  const prefix = `twbench:fanout:${process.pid}:`;
  const kinds = SERVER_KINDS.filter((kind) => SETTINGS.phases.includes(kind));
  const plansOf = (kind: ServerKind): PhasePlan[] => SETTINGS.clientCounts.map((clients) => ({ kind, clients, isSlowFifth: false, isDeflatePair: false }));
  const slow: PhasePlan[] = SETTINGS.phases.includes('slow') ? [{ kind: 'gateway', clients: SETTINGS.slowClients, isSlowFifth: true, isDeflatePair: false }] : [];
  // The same clients without, then with permessage-deflate, back to back so their ratios compare like with like.
  const deflatePair: PhasePlan[] = SETTINGS.phases.includes('deflate')
    ? (['gateway', 'gateway-deflate'] as const).map((kind) => ({ kind, clients: SETTINGS.deflateClients, isSlowFifth: false, isDeflatePair: true }))
    : [];
  // The gateway's windows first, the fifth-not-reading one right after them, so the two it is compared
  // against run on the same machine: Socket.IO and bare ws fall behind at the stressful rate, and their
  // backlogs keep the machine busy for a while after they stop. STOMP's windows follow (SERVER_KINDS'
  // order), still before those backlogs, so they sit beside the JSON ones on the same machine too; the
  // deflate pair runs before them for the same reason.
  const plans = [...(kinds.includes('gateway') ? plansOf('gateway') : []), ...slow, ...deflatePair, ...kinds.filter((kind) => kind !== 'gateway').flatMap(plansOf)];
  const publisher = Child.start<PublisherApi>('publisher', './publisher.ts', [prefix]);
  const windows: WindowRow[] = [];
  try {
    await publisher.ready();
    for (const plan of plans) {
      process.stderr.write(`fanout: ${plan.kind}, ${plan.clients} clients${plan.isSlowFifth ? ', a fifth not reading' : ''}${plan.isDeflatePair ? ' (deflate pair)' : ''}, load ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n`);
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
    server: `${LABEL[w.server]}${w.isDeflatePair && w.server === 'gateway' ? ' (deflate pair, plain)' : ''}`,
    clients: w.clients,
    'feed/s': Math.round(w.feedPerSecond),
    scenario: w.scenario,
    'delivered/s': Math.round(w.deliveredPerSecond),
    '% of all': w.deliveredPercent,
    '× socket.io': socketIo && socketIo.deliveredPerSecond > 0 ? w.deliveredPerSecond / socketIo.deliveredPerSecond : '-',
    'deltas/frame': w.deltasPerFrame,
    'bytes/delta': Math.round(w.bytesPerDelta),
    'wire B/delta': Math.round(w.wireBytesPerDelta),
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
    'books checked': w.books.checked > 0 ? `${w.books.checked} sockets, ${w.books.verified} deltas, ${w.books.problems} problems` : '-',
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
