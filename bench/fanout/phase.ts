// One phase of the fan-out benchmark: a fresh server process (and, for Socket.IO, its relay) and a
// load generator; idle memory first, then one measured window per feed rate.
import { loadavg } from 'node:os';
import { sleep } from './clock.ts';
import { SYMBOL } from './common.ts';
import { Child } from './ipc.ts';
import type { GeneratorApi } from './load-generator.ts';
import { PeakRssMeter, readProcess, type ProcessReading } from './process-meter.ts';
import type { PublisherApi } from './publisher.ts';
import type { ServerKind } from './server-kinds.ts';
import type { ServerApi, ServerInfo } from './server-probe.ts';
import { SETTINGS } from './settings.ts';
import { windowRow, type WindowRow } from './window-row.ts';

const SERVER_SCRIPT: Record<ServerKind, string> = {
  gateway: './gateway-server.ts',
  // The same gateway: only its clients differ.
  'gateway-stomp': './gateway-server.ts',
  'gateway-deflate': './gateway-server.ts',
  socketio: './socketio-server.ts',
  bare: './bare-server.ts',
};
// A server that fell far behind may not answer for a while; its counters are then reported empty.
const COUNTERS_TIMEOUT_MS = 5_000;

/** A phase: which server, how many clients, whether a fifth of them stop reading, and whether it is half of the deflate pair. */
export interface PhasePlan {
  kind: ServerKind;
  clients: number;
  isSlowFifth: boolean;
  isDeflatePair: boolean;
}

interface PhaseProcesses {
  server: Child<ServerApi>;
  relay: Child<ServerApi> | undefined;
  generator: Child<GeneratorApi>;
  publisher: Child<PublisherApi>;
}

/** Runs a phase against the shared publisher; every child it starts is stopped before it returns. */
export async function runPhase(plan: PhasePlan, publisher: Child<PublisherApi>, prefix: string): Promise<WindowRow[]> {
  const relay = plan.kind === 'socketio' ? Child.start<ServerApi>('socketio-relay', './socketio-relay.ts', [prefix]) : undefined;
  const server = Child.start<ServerApi>(plan.kind, SERVER_SCRIPT[plan.kind], [prefix]);
  const generator = Child.start<GeneratorApi>('load-generator', './load-generator.ts', []);
  const processes = { server, relay, generator, publisher };
  try {
    await relay?.ready();
    const { port } = await server.ready<ServerInfo>();
    await generator.ready();
    await publisher.request('rate', { perSecond: 0 });
    await server.request('gc', null);
    const empty = readProcess(server.pid);
    const target = { kind: plan.kind, port, symbol: SYMBOL, depth: SETTINGS.depth };
    const checked = plan.isDeflatePair ? SETTINGS.checkedConnections : 0;
    const connected = await generator.request('connect', { ...target, count: plan.clients, sampled: SETTINGS.sampledConnections, checked }, 120_000);
    if (connected.connected < plan.clients) throw new Error(`${plan.kind}: ${connected.connected}/${plan.clients} clients subscribed (${connected.firstError ?? 'timeout'})`);
    await sleep(1_000);
    await server.request('gc', null);
    const idle = readProcess(server.pid);
    if (plan.isSlowFifth) await generator.request('pause', { fraction: SETTINGS.slowFraction });
    const rows: WindowRow[] = [];
    for (const rate of SETTINGS.rates) {
      await publisher.request('rate', { perSecond: rate });
      await sleep(plan.isSlowFifth && rate === SETTINGS.rates.at(-1) ? SETTINGS.slowWarmupMs : SETTINGS.warmupMs);
      rows.push(await measureWindow(plan, rate, { empty, idle }, processes));
    }
    await publisher.request('rate', { perSecond: 0 });
    return rows;
  } finally {
    await Promise.all([generator.stop(), server.stop(), relay?.stop()]);
  }
}

async function measureWindow(plan: PhasePlan, rate: number, memory: { empty: ProcessReading; idle: ProcessReading }, p: PhaseProcesses): Promise<WindowRow> {
  // The deflate pair's compression time is counted from the window's start (other counters are the phase's totals).
  const countersAtStart = plan.isDeflatePair ? await p.server.request('counters', null, COUNTERS_TIMEOUT_MS).catch(() => ({})) : {};
  const serverMeter = new PeakRssMeter(p.server.pid);
  const serverStart = serverMeter.start();
  const relayStart = p.relay ? readProcess(p.relay.pid) : undefined;
  // A child that died fails the phase here; the meter must not go on sampling after the phase is gone.
  const [feedStart] = await Promise.all([p.publisher.request('count', null), p.generator.request('mark', null)]).catch((error: unknown) => {
    serverMeter.stop();
    throw error;
  });
  await sleep(SETTINGS.windowMs);
  const serverEnd = serverMeter.stop();
  const relayEnd = p.relay ? readProcess(p.relay.pid) : undefined;
  const [load, feedEnd] = await Promise.all([p.generator.request('report', null), p.publisher.request('count', null)]);
  const counters = await p.server.request('counters', null, COUNTERS_TIMEOUT_MS).catch(() => ({}));
  return windowRow({
    plan,
    rate,
    ...memory,
    load,
    serverCpuUs: serverEnd.cpuUs - serverStart.cpuUs,
    relayCpuUs: relayStart && relayEnd ? relayEnd.cpuUs - relayStart.cpuUs : 0,
    peakRssBytes: serverEnd.peakRssBytes,
    counters,
    countersAtStart,
    published: feedEnd.published - feedStart.published,
    machineLoad: loadavg()[0] ?? 0,
  });
}
