// The soak's verdicts. A level metric is met when the highest of its later windows stays within the
// tolerance (±10 %) of the mean of the baseline windows (the first minutes); then every message: no
// delta or order lost or doubled; and the honesty rules: the load generator cheaper than the gateways
// in every window, every client still subscribed.
import type { Row } from '../lib/report.ts';
import type { OrderCounts } from './order-tally.ts';
import { formatLevel, type LevelMetric, type SoakWindow } from './soak-window.ts';

/** A level metric's baseline, its later peak and the verdict. */
export interface LevelVerdict {
  baselineMean: number | undefined;
  laterMax: number | undefined;
  ratio: number | undefined;
  verdict: 'met' | 'MISSED' | 'not measured';
}

/** What the verdicts need to know of the run. */
export interface SoakPlan {
  minutes: number;
  baselineMinutes: number;
  clients: number;
  tolerance: number;
}

// The soak; shorter settings still give verdicts, marked as a short run.
const FULL_MINUTES = 30;
const FULL_BASELINE_MINUTES = 5;

const verdict = (isMet: boolean): string => (isMet ? 'met' : 'MISSED');

/** Later windows' max against the baseline windows' mean (windows ending at or before `baselineS`). */
export function levelVerdict(points: readonly { endS: number; value: number | undefined }[], baselineS: number, tolerance: number): LevelVerdict {
  const known = points.filter((p): p is { endS: number; value: number } => p.value !== undefined);
  const baseline = known.filter((p) => p.endS <= baselineS + 1e-6).map((p) => p.value);
  const later = known.filter((p) => p.endS > baselineS + 1e-6).map((p) => p.value);
  if (baseline.length === 0 || later.length === 0) return { baselineMean: undefined, laterMax: undefined, ratio: undefined, verdict: 'not measured' };
  const baselineMean = baseline.reduce((sum, v) => sum + v, 0) / baseline.length;
  const laterMax = Math.max(...later);
  const ratio = baselineMean === 0 ? (laterMax === 0 ? 1 : Infinity) : laterMax / baselineMean;
  return { baselineMean, laterMax, ratio, verdict: Math.abs(ratio - 1) <= tolerance + 1e-9 ? 'met' : 'MISSED' };
}

/** One row per level metric, then the message and honesty targets; `orders` are the run's totals after the drain. */
export function verdictRows(windows: readonly SoakWindow[], metrics: readonly LevelMetric[], plan: SoakPlan, orders: OrderCounts): Row[] {
  const baselineS = plan.baselineMinutes * 60;
  const goal = `later windows' max within ±${Math.round(plan.tolerance * 100)} % of the first ${plan.baselineMinutes} min's mean`;
  const isFull = plan.minutes >= FULL_MINUTES && plan.baselineMinutes === FULL_BASELINE_MINUTES;
  const rows: Row[] = [
    { target: 'soak length', goal: `${FULL_MINUTES} min, the first ${FULL_BASELINE_MINUTES} as baseline`, measured: `${plan.minutes} min, the first ${plan.baselineMinutes}`, verdict: isFull ? 'met' : 'SHORT RUN' },
  ];
  for (const metric of metrics) {
    const result = levelVerdict(windows.map((w) => ({ endS: w.endS, value: w.levels[metric.key] })), baselineS, plan.tolerance);
    const unit = metric.unit === 'count' ? '' : ` ${metric.unit}`;
    const measured =
      result.ratio === undefined ? 'too few windows' : `${formatLevel(metric, result.laterMax)} vs ${formatLevel(metric, result.baselineMean)}${unit} (${result.ratio.toFixed(2)}×${directionOf(result.ratio, plan.tolerance)})`;
    rows.push({ target: `${metric.key} (${metric.reading === 'peak' ? 'window peak' : 'at window end'})`, goal, measured, verdict: result.verdict });
  }
  const sum = (pick: (w: SoakWindow) => number): number => windows.reduce((total, w) => total + pick(w), 0);
  const lost = sum((w) => w.books.lost);
  const doubled = sum((w) => w.books.doubled);
  const problems = sum((w) => w.books.checksumProblems + w.books.foreignEpoch);
  const reconnects = sum((w) => w.books.reconnects);
  const replayed = sum((w) => w.books.replayResumes);
  const ordersLost = orders.sent - orders.answered;
  rows.push(
    { target: 'book deltas lost (seq gaps)', goal: '0', measured: `${lost} of ${sum((w) => w.books.delivered)} delivered`, verdict: verdict(lost === 0) },
    { target: 'book deltas doubled (seq repeated)', goal: '0', measured: String(doubled), verdict: verdict(doubled === 0) },
    { target: 'books wrong (checksum, bad snapshot, foreign epoch)', goal: '0', measured: String(problems), verdict: verdict(problems === 0) },
    { target: 'reconnects resumed by replay', goal: 'reported (a snapshot instead is not a loss)', measured: `${replayed} of ${reconnects}; ${sum((w) => w.books.resyncs)} snapshot resyncs (${sum((w) => w.books.newEpochs)} onto a new epoch) skipping ${sum((w) => w.books.skipped)} deltas`, verdict: 'reported' },
    { target: 'orders lost (no end after the drain)', goal: '0', measured: `${ordersLost} of ${orders.sent} (${orders.refused} refused)`, verdict: verdict(ordersLost === 0) },
    { target: 'orders doubled (accepted, filled or ended twice)', goal: '0', measured: String(orders.doubled), verdict: verdict(orders.doubled === 0) },
  );
  // A client in a reconnect it was told to make is on its way back; any other missing one is not.
  const present = (w: SoakWindow): number => w.books.subscribed + w.books.reconnecting;
  const short = windows.filter((w) => present(w) < plan.clients);
  rows.push({
    target: 'clients subscribed (or reconnecting as told) at every window end',
    goal: String(plan.clients),
    measured: short.length === 0 ? 'all' : `fewer in ${short.length} window(s), down to ${Math.min(...short.map(present))}`,
    verdict: verdict(short.length === 0),
  });
  const slowest = Math.max(0, ...windows.map((w) => w.books.reconnectMaxMs));
  rows.push({ target: 'longest reconnect, close to book live again', goal: 'reported', measured: `${Math.round(slowest)} ms`, verdict: 'reported' });
  const heavy = windows.filter((w) => w.cpuPercent.loadgen >= w.cpuPercent.gateways);
  rows.push({
    target: 'load generator cheaper than the gateways it measures',
    goal: 'every window',
    measured: heavy.length === 0 ? 'yes' : `not in ${heavy.length} of ${windows.length} (e.g. #${heavy[0]?.index}: ${Math.round(heavy[0]?.cpuPercent.loadgen ?? 0)} % vs ${Math.round(heavy[0]?.cpuPercent.gateways ?? 0)} %)`,
    verdict: verdict(heavy.length === 0),
  });
  const loads = windows.map((w) => w.load1m);
  rows.push({ target: 'machine load average (1 min), over the windows', goal: 'reported (2 cores)', measured: loads.length === 0 ? '-' : `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`, verdict: 'reported' });
  return rows;
}

// Outside the band either way misses the target as set; the word says whether it was growth (a leak's
// sign) or a fall below the baseline (a start-up peak in the baseline windows).
function directionOf(ratio: number, tolerance: number): string {
  if (ratio > 1 + tolerance + 1e-9) return ', grew';
  if (ratio < 1 - tolerance - 1e-9) return ', fell';
  return '';
}

/** The verdicts that missed, for the closing line. */
export function missedTargets(rows: readonly Row[]): string[] {
  return rows.filter((r) => r.verdict === 'MISSED' || r.verdict === 'not measured' || r.verdict === 'SHORT RUN').map((r) => String(r.target));
}
