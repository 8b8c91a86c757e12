// Checks one run's windows against the targets, as ratios and limits from that same run.
import type { Row } from '../lib/report.ts';
import { deflateTargetRows } from './deflate-targets.ts';
import type { WindowRow } from './window-row.ts';

const CALM_P99_LIMIT_MS = 20;
const MIN_DELIVERED_RATIO = 5;
const MAX_PEAK_OVER_IDLE = 2;
const MAX_IDLE_KB_PER_CONNECTION = 20;
// "Keeps their latency": readers' p99 within this factor of the all-reading run (or under the calm limit).
const MAX_READER_P99_GROWTH = 1.5;

type Find = (server: WindowRow['server'], clients: number, rate: number, scenario?: WindowRow['scenario']) => WindowRow | undefined;

const ms = (v: number): string => `${v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;
const verdict = (isMet: boolean): string => (isMet ? 'met' : 'MISSED');

/** One row per target: what it asks, what this run measured, and whether it holds. */
export function targetRows(all: WindowRow[]): Row[] {
  // The deflate pair's windows answer their own targets only.
  const windows = all.filter((w) => !w.isDeflatePair);
  const find: Find = (server, clients, rate, scenario = 'all reading') =>
    windows.find((w) => w.server === server && w.clients === clients && w.targetRate === rate && w.scenario === scenario);
  const rates = [...new Set(windows.map((w) => w.targetRate))].sort((a, b) => a - b);
  const calm = rates[0] ?? 0;
  const stress = rates.at(-1) ?? 0;
  const rows: Row[] = [];
  for (const clients of [...new Set(windows.map((w) => w.clients))]) {
    const ours = find('gateway', clients, stress);
    const theirs = find('socketio', clients, stress);
    if (!ours || !theirs) continue;
    const ratio = theirs.deliveredPerSecond > 0 ? ours.deliveredPerSecond / theirs.deliveredPerSecond : Infinity;
    rows.push({
      target: `delivered deltas/s vs Socket.IO, ${clients} clients × ${stress}/s`,
      goal: `≥ ${MIN_DELIVERED_RATIO}× at ≤ its p99`,
      measured: `${ratio.toFixed(1)}×, p99 ${ms(ours.p99Ms)} vs ${ms(theirs.p99Ms)}`,
      verdict: verdict(ratio >= MIN_DELIVERED_RATIO && ours.p99Ms <= theirs.p99Ms),
    });
  }
  const calm1k = find('gateway', 1_000, calm);
  if (calm1k) rows.push({ target: `p99, 1000 clients × ${calm}/s`, goal: `≤ ${CALM_P99_LIMIT_MS} ms`, measured: ms(calm1k.p99Ms), verdict: verdict(calm1k.p99Ms <= CALM_P99_LIMIT_MS) });
  for (const slow of windows.filter((w) => w.server === 'gateway' && w.scenario === '1/5 not reading')) {
    const growth = slow.peakRssMb / slow.idleRssMb;
    rows.push({ target: `RSS, a fifth not reading, ${slow.clients} × ${slow.targetRate}/s`, goal: `peak < ${MAX_PEAK_OVER_IDLE}× idle`, measured: `${growth.toFixed(2)}× (${Math.round(slow.peakRssMb)} / ${Math.round(slow.idleRssMb)} MB)`, verdict: verdict(growth < MAX_PEAK_OVER_IDLE) });
    const base = find('gateway', slow.clients, slow.targetRate);
    const limit = Math.max(CALM_P99_LIMIT_MS, (base?.p99Ms ?? 0) * MAX_READER_P99_GROWTH);
    rows.push({ target: `readers' p99, a fifth not reading, ${slow.clients} × ${slow.targetRate}/s`, goal: `≤ ${ms(limit)}`, measured: `${ms(slow.p99Ms)} (all reading: ${base ? ms(base.p99Ms) : '-'})`, verdict: verdict(slow.p99Ms <= limit) });
  }
  if (windows.some((w) => w.server === 'gateway')) rows.push(idleMemoryRow(windows));
  rows.push(...deflateTargetRows(all));
  const heavy = all.filter((w) => w.server !== 'bare' && w.loadgenCpuPercent >= w.serverCpuPercent + w.relayCpuPercent);
  const named = heavy.map((w) => `${w.server} ${w.clients}×${w.targetRate}: ${Math.round(w.loadgenCpuPercent)}% vs ${Math.round(w.serverCpuPercent + w.relayCpuPercent)}%`);
  rows.push({ target: 'load generator cheaper than the server it measures', goal: 'every gateway and Socket.IO window', measured: heavy.length === 0 ? 'yes' : `not in ${named.join('; ')}`, verdict: verdict(heavy.length === 0) });
  return rows;
}

// The marginal cost: RSS growth from the smallest to the largest client count, per added connection.
function idleMemoryRow(windows: WindowRow[]): Row {
  const gateway = windows.filter((w) => w.server === 'gateway' && w.scenario === 'all reading').sort((a, b) => a.clients - b.clients);
  const small = gateway[0];
  const large = gateway.at(-1);
  const kb = small && large && large.clients > small.clients ? ((large.idleRssMb - small.idleRssMb) * 1024) / (large.clients - small.clients) : (large?.idleKbPerConnection ?? 0);
  return { target: 'gateway memory per idle connection', goal: `≤ ${MAX_IDLE_KB_PER_CONNECTION} KB`, measured: `${kb.toFixed(1)} KB`, verdict: verdict(kb <= MAX_IDLE_KB_PER_CONNECTION) };
}
