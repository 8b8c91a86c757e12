// One measured window of the nodes benchmark, raw, and the table row it becomes.
import type { Row } from '../lib/report.ts';
import type { GeneratorReport } from '../fanout/load-generator.ts';
import type { NodesPlan } from './nodes-phase.ts';

/** Raw readings of one window. */
export interface NodesWindow {
  plan: NodesPlan;
  rate: number;
  load: GeneratorReport;
  /** Deltas the feed published in the window. */
  published: number;
  /** CPU time (user + kernel) and peak RSS of each gateway node (the embedded process includes its feed). */
  nodeCpuUs: number[];
  nodePeakRssBytes: number[];
  /** The Redis publisher's CPU time; undefined in embedded mode, where the feed shares the node's process. */
  feedCpuUs: number | undefined;
  machineLoad: number;
}

const MB = 1024 * 1024;
const percent = (cpuUs: number, seconds: number): number => cpuUs / 1e4 / seconds;
const perNode = (values: number[]): string => values.map((v) => (v >= 100 ? Math.round(v).toString() : v.toFixed(1))).join(' / ');

/** Delivered book deltas per second, by all clients together. */
export function deliveredPerSecond(w: NodesWindow): number {
  return w.load.readers.messages / (w.load.elapsedMs / 1000);
}

/** The row of a window; `scaling` is delivered ÷ the same window on one node (blank for the one-node rows). */
export function nodesRow(w: NodesWindow, scaling: number | undefined): Row {
  const seconds = w.load.elapsedMs / 1000;
  const delivered = w.load.readers.messages;
  const nodeCpuUs = w.nodeCpuUs.reduce((sum, us) => sum + us, 0);
  return {
    broker: w.plan.mode === 'embedded' ? 'embedded (memory)' : 'redis',
    nodes: w.plan.nodes,
    clients: w.plan.clients,
    'feed/s': Math.round(w.published / seconds),
    'delivered/s': Math.round(delivered / seconds),
    '% of all': w.published === 0 ? 0 : (100 * delivered) / (w.published * w.plan.clients),
    'scaling ×': scaling ?? '-',
    'deltas/frame': w.load.readers.frames === 0 ? 0 : delivered / w.load.readers.frames,
    'p50 ms': w.load.latency.p50Ms,
    'p99 ms': w.load.latency.p99Ms,
    'max ms': w.load.latency.maxMs,
    // Each node's CPU over what its own clients (an even share) received: the cost that must stay flat as nodes are added.
    'CPU µs/delta': delivered === 0 ? 0 : nodeCpuUs / delivered,
    // The gateway's cost is per frame written (a frame carries what piled up for its socket), so this one stays flatter.
    'CPU µs/frame': w.load.readers.frames === 0 ? 0 : nodeCpuUs / w.load.readers.frames,
    'CPU % per node': perNode(w.nodeCpuUs.map((us) => percent(us, seconds))),
    'peak RSS MB per node': perNode(w.nodePeakRssBytes.map((bytes) => bytes / MB)),
    'feed CPU %': w.feedCpuUs === undefined ? 'in node' : percent(w.feedCpuUs, seconds),
    'loadgen CPU %': percent(w.load.cpuUs, seconds),
    closed: Object.entries(w.load.closedByCode).map(([code, n]) => `${n}×${code}`).join(' ') || '-',
    load: w.machineLoad,
  };
}
