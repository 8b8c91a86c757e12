// Turns one measured window's raw readings into the figures the benchmark reports.
import type { GeneratorReport } from './load-generator.ts';
import type { PhasePlan } from './phase.ts';
import type { ServerKind } from './server-kinds.ts';
import type { ProcessReading } from './process-meter.ts';

/** The figures of one (server, clients, feed rate, scenario) window. */
export interface WindowRow {
  server: ServerKind;
  clients: number;
  scenario: 'all reading' | '1/5 not reading';
  /** One of the deflate pair's two phases (the same clients without, then with permessage-deflate). */
  isDeflatePair: boolean;
  /** How long the window lasted. */
  windowSeconds: number;
  /** Deltas the feed published per second in the window, and the rate asked for. */
  feedPerSecond: number;
  targetRate: number;
  /** Book deltas received per second by all reading clients together. */
  deliveredPerSecond: number;
  /** Delivered ÷ (published × reading clients): 100 % means every client got every delta. */
  deliveredPercent: number;
  deltasPerFrame: number;
  /** Payload bytes per delta: the gateway sends depth-50 views, the others relay the feed's whole-book deltas. */
  bytesPerDelta: number;
  /** Bytes the clients' sockets read per delta, frame headers included (compressed, where negotiated). */
  wireBytesPerDelta: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  latencySamples: number;
  /** Server CPU time in the window per delivered delta. */
  cpuUsPerDelta: number;
  serverCpuPercent: number;
  /** The Socket.IO relay's CPU (0 for the others): it is part of that deployment's cost. */
  relayCpuPercent: number;
  peakRssMb: number;
  /** RSS with no clients, and with every client connected and subscribed but no feed (after a GC). */
  emptyRssMb: number;
  idleRssMb: number;
  idleKbPerConnection: number;
  loadgenCpuPercent: number;
  /** Connections closed by the server during the phase, by close code. */
  closed: string;
  serverCounters: Record<string, number>;
  /** The machine's 1-minute load average at the end of the window (2 cores: above 2, processes wait for a core). */
  machineLoad: number;
  /** Book checks on a few sampled sockets, since they subscribed: deltas verified and problems found (0 checked: none ran). */
  books: { checked: number; verified: number; problems: number };
  /** Compressed payloads the clients read in the window and how many had to be inflated (the rest were the same bytes). */
  inflate: { lookups: number; inflates: number };
  /** Frames the gateway compressed in the window (once each, for every deflate socket) and zlib's time for them. */
  deflate: { compressions: number; cpuMs: number };
}

/** Raw readings of one window. */
export interface WindowReadings {
  plan: PhasePlan;
  rate: number;
  empty: ProcessReading;
  idle: ProcessReading;
  load: GeneratorReport;
  serverCpuUs: number;
  relayCpuUs: number;
  peakRssBytes: number;
  counters: Record<string, number>;
  /** The server's counters when the window started (deflate pair only; else empty). */
  countersAtStart: Record<string, number>;
  published: number;
  machineLoad: number;
}

const MB = 1024 * 1024;

/** Computes the row. */
export function windowRow(r: WindowReadings): WindowRow {
  const seconds = r.load.elapsedMs / 1000;
  const readers = r.load.readers;
  const openReaders = readers.connections;
  const delivered = readers.messages;
  return {
    server: r.plan.kind,
    clients: r.plan.clients,
    scenario: r.plan.isSlowFifth ? '1/5 not reading' : 'all reading',
    isDeflatePair: r.plan.isDeflatePair,
    windowSeconds: seconds,
    feedPerSecond: r.published / seconds,
    targetRate: r.rate,
    deliveredPerSecond: delivered / seconds,
    deliveredPercent: r.published === 0 ? 0 : (100 * delivered) / (r.published * openReaders),
    deltasPerFrame: readers.frames === 0 ? 0 : delivered / readers.frames,
    bytesPerDelta: delivered === 0 ? 0 : readers.bytes / delivered,
    wireBytesPerDelta: delivered === 0 ? 0 : readers.wireBytes / delivered,
    p50Ms: r.load.latency.p50Ms,
    p99Ms: r.load.latency.p99Ms,
    maxMs: r.load.latency.maxMs,
    latencySamples: r.load.latency.count,
    cpuUsPerDelta: delivered === 0 ? 0 : r.serverCpuUs / delivered,
    serverCpuPercent: r.serverCpuUs / 1e4 / seconds,
    relayCpuPercent: r.relayCpuUs / 1e4 / seconds,
    peakRssMb: r.peakRssBytes / MB,
    emptyRssMb: r.empty.rssBytes / MB,
    idleRssMb: r.idle.rssBytes / MB,
    idleKbPerConnection: (r.idle.rssBytes - r.empty.rssBytes) / 1024 / r.plan.clients,
    loadgenCpuPercent: r.load.cpuUs / 1e4 / seconds,
    closed: Object.entries(r.load.closedByCode).map(([code, n]) => `${n}×${code}`).join(' ') || '-',
    serverCounters: Object.fromEntries(Object.entries(r.counters).filter(([name]) => !name.startsWith('deflate'))),
    machineLoad: r.machineLoad,
    books: r.load.books,
    inflate: r.load.inflate,
    deflate: {
      compressions: (r.counters.deflateCompressions ?? 0) - (r.countersAtStart.deflateCompressions ?? 0),
      cpuMs: (r.counters.deflateMs ?? 0) - (r.countersAtStart.deflateMs ?? 0),
    },
  };
}
