// Checks the scaling windows against what the capacity model in docs/scaling.md predicts when N gateway
// nodes share the same cores as one: the same deliveries, at a flat cost per frame and in total.
import type { Row } from '../lib/report.ts';
import { NODES_SETTINGS } from './nodes-settings.ts';
import { deliveredPerSecond, type NodesWindow } from './nodes-window.ts';

// "Flat": within this factor either way of the one-node window (window-to-window noise on a shared machine).
const FLAT_FACTOR = 1.25;
// "Delivered as on one node": at least this share of one node's delivered deltas/s.
const MIN_DELIVERED_RATIO = 0.95;

const verdict = (isMet: boolean): string => (isMet ? 'met' : 'MISSED');
const isFlat = (ratio: number): boolean => ratio >= 1 / FLAT_FACTOR && ratio <= FLAT_FACTOR;
const seconds = (w: NodesWindow): number => w.load.elapsedMs / 1000;
const nodeCpuUs = (w: NodesWindow): number => w.nodeCpuUs.reduce((sum, us) => sum + us, 0);
const usPerFrame = (w: NodesWindow): number => (w.load.readers.frames === 0 ? 0 : nodeCpuUs(w) / w.load.readers.frames);
const totalCpuPercent = (w: NodesWindow): number => nodeCpuUs(w) / 1e4 / seconds(w);
const loadgenCpuPercent = (w: NodesWindow): number => w.load.cpuUs / 1e4 / seconds(w);
const frames = (w: NodesWindow): number => w.load.readers.frames;
const deltas = (w: NodesWindow): number => w.load.readers.messages;
const ms = (v: number): string => `${v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;

/** One row per target and multi-node window: what the model asks, what this run measured, and whether it holds. */
export function nodesTargetRows(windows: NodesWindow[]): Row[] {
  const scaling = windows.filter((w) => w.plan.mode === 'redis' && w.plan.clients === NODES_SETTINGS.scalingClients);
  const one = (w: NodesWindow): NodesWindow | undefined =>
    scaling.find((o) => o.plan.nodes === 1 && o.plan.clients === w.plan.clients && o.rate === w.rate);
  const cost = fitCost(scaling.filter((w) => w.plan.nodes === 1));
  const rows: Row[] = [];
  if (cost) rows.push({ target: 'cost model, from the 1-node windows', goal: 'CPU = a × frames + b × deltas', measured: `a = ${cost.a.toFixed(1)} µs/frame, b = ${cost.b.toFixed(2)} µs/delta`, verdict: 'fitted' });
  for (const w of scaling.filter((s) => s.plan.nodes > 1)) {
    const base = one(w);
    if (!base) continue;
    const label = `${w.plan.nodes} nodes vs 1, ${w.plan.clients} clients × ${w.rate}/s`;
    const delivered = deliveredPerSecond(base) > 0 ? deliveredPerSecond(w) / deliveredPerSecond(base) : 0;
    const frame = usPerFrame(base) > 0 ? usPerFrame(w) / usPerFrame(base) : 0;
    const total = totalCpuPercent(base) > 0 ? totalCpuPercent(w) / totalCpuPercent(base) : 0;
    rows.push(
      { target: `delivered, ${label}`, goal: `≥ ${MIN_DELIVERED_RATIO}× (no core added)`, measured: `${delivered.toFixed(2)}×`, verdict: verdict(delivered >= MIN_DELIVERED_RATIO) },
      { target: `CPU µs/frame, ${label}`, goal: `flat (within ${FLAT_FACTOR}×)`, measured: `${usPerFrame(w).toFixed(1)} vs ${usPerFrame(base).toFixed(1)} µs (${frame.toFixed(2)}×)`, verdict: verdict(isFlat(frame)) },
      { target: `total node CPU, ${label}`, goal: `flat (within ${FLAT_FACTOR}×)`, measured: `${Math.round(totalCpuPercent(w))} vs ${Math.round(totalCpuPercent(base))} % (${total.toFixed(2)}×)`, verdict: verdict(isFlat(total)) },
      ...(cost ? [modelRow(w, label, cost)] : []),
      // On shared cores more processes only add contention, so the model expects p99 to grow, not shrink.
      { target: `p99, ${label}`, goal: 'reported (grows with contention)', measured: `${ms(w.load.latency.p99Ms)} vs ${ms(base.load.latency.p99Ms)}`, verdict: w.load.latency.p99Ms >= base.load.latency.p99Ms ? 'as modelled' : 'lower than modelled' },
    );
  }
  const heavy = scaling.filter((w) => loadgenCpuPercent(w) >= totalCpuPercent(w));
  const named = heavy.map((w) => `${w.plan.nodes} node(s) × ${w.rate}/s: ${Math.round(loadgenCpuPercent(w))}% vs ${Math.round(totalCpuPercent(w))}%`);
  rows.push({ target: 'load generator cheaper than the nodes it measures', goal: 'every scaling window', measured: heavy.length === 0 ? 'yes' : `not in ${named.join('; ')}`, verdict: verdict(heavy.length === 0) });
  return rows;
}

interface Cost {
  a: number;
  b: number;
}

// A node's CPU is a cost per frame written plus a smaller one per delta carried in it; two 1-node windows at
// different rates (different deltas per frame) give both. Undefined when the run has fewer than two rates.
function fitCost(ones: NodesWindow[]): Cost | undefined {
  const sorted = [...ones].sort((x, y) => x.rate - y.rate);
  const low = sorted[0];
  const high = sorted.at(-1);
  if (!low || !high || low === high) return undefined;
  const det = frames(low) * deltas(high) - frames(high) * deltas(low);
  if (det === 0) return undefined;
  const b = (frames(low) * nodeCpuUs(high) - frames(high) * nodeCpuUs(low)) / det;
  const a = (nodeCpuUs(low) - b * deltas(low)) / frames(low);
  return a > 0 && b >= 0 ? { a, b } : undefined;
}

// More nodes on the same cores each finish a pass sooner, so fewer deltas pile up per frame and frames grow:
// the model prices the window's own frames and deltas at the one-node costs.
function modelRow(w: NodesWindow, label: string, cost: Cost): Row {
  const predicted = cost.a * frames(w) + cost.b * deltas(w);
  const ratio = predicted > 0 ? nodeCpuUs(w) / predicted : 0;
  const pct = (us: number): number => Math.round(us / 1e4 / seconds(w));
  return { target: `total node CPU vs the cost model, ${label}`, goal: `within ${FLAT_FACTOR}×`, measured: `${pct(nodeCpuUs(w))} vs ${pct(predicted)} % predicted (${ratio.toFixed(2)}×)`, verdict: verdict(isFlat(ratio)) };
}
