// The figures of one leg (the floor or the engine) at one rate, the engine's verdict against the floor
// measured at the same rate in the same run, and the rate at which the engine breaks. Pure.
import type { Row } from '../lib/report.ts';
import type { TrackedOrder } from './order-tally.ts';

export type Leg = 'floor' | 'engine';

/** What was measured around a phase, outside its orders. */
export interface PhaseUsage {
  /** The consumer's (the engine's or the floor's) CPU, % of one core, from the first send to the last answer. */
  consumerCpuPct: number;
  /** Both gateways together, % of one core, same span. */
  gatewaysCpuPct: number;
  /** This process (the load generator), % of one core, same span. */
  generatorCpuPct: number;
  /** The machine's 1-minute load average at the end of the phase. */
  load1m: number;
}

/** One leg at one rate. */
export interface LegSummary extends PhaseUsage {
  leg: Leg;
  rate: number;
  sent: number;
  answered: number;
  rejected: number;
  /** How many refusals of each code (e.g. `UNAVAILABLE` from a full queue), so a refusing leg says why. */
  rejectedBy: Record<string, number>;
  lost: number;
  doubled: number;
  filledPerS: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The engine against the floor at one rate. */
export interface RateVerdict {
  rate: number;
  floorP99Ms: number;
  engineP99Ms: number;
  /** engine p99 ÷ floor p99. */
  ratio: number;
  isMet: boolean;
  /** `met`, or what missed. */
  verdict: string;
}

/** The q-quantile of ascending values (nearest rank); NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/** Sums up the measured orders of one phase; latency is send → first `order.filled`. */
export function summarizeLeg(leg: Leg, rate: number, orders: readonly TrackedOrder[], usage: PhaseUsage): LegSummary {
  const filled = orders.filter((o) => o.filledMs !== undefined);
  const latencies = filled.map((o) => o.filledMs ?? 0).sort((a, b) => a - b);
  const rejected = orders.filter((o) => o.rejected !== undefined).length;
  const rejectedBy: Record<string, number> = {};
  for (const { rejected: code } of orders) if (code !== undefined) rejectedBy[code] = (rejectedBy[code] ?? 0) + 1;
  const answered = orders.filter((o) => o.rejected !== undefined || o.filledMs !== undefined).length;
  // What the leg sustained: fills over the span from the first send to the last fill.
  const firstSentMs = orders.reduce((min, o) => Math.min(min, o.atMs), Number.POSITIVE_INFINITY);
  const lastFilledMs = filled.reduce((max, o) => Math.max(max, o.atMs + (o.filledMs ?? 0)), Number.NEGATIVE_INFINITY);
  const filledPerS = filled.length > 0 && lastFilledMs > firstSentMs ? (filled.length * 1000) / (lastFilledMs - firstSentMs) : 0;
  return {
    leg,
    rate,
    sent: orders.length,
    answered,
    rejected,
    rejectedBy,
    lost: orders.length - answered,
    doubled: orders.filter((o) => o.isDoubled).length,
    filledPerS,
    p50Ms: quantile(latencies, 0.5),
    p90Ms: quantile(latencies, 0.9),
    p99Ms: quantile(latencies, 0.99),
    maxMs: quantile(latencies, 1),
    ...usage,
  };
}

/** Whether a leg lost, refused or doubled nothing. */
export function isClean(leg: LegSummary): boolean {
  return leg.sent > 0 && leg.lost === 0 && leg.rejected === 0 && leg.doubled === 0;
}

/** The target at one rate: engine p99 ≤ maxRatio × floor p99, and nothing lost, refused or doubled. */
export function judgeRate(floor: LegSummary, engine: LegSummary, maxRatio: number): RateVerdict {
  const ratio = engine.p99Ms / floor.p99Ms;
  const misses: string[] = [];
  if (!(ratio <= maxRatio)) misses.push(Number.isFinite(ratio) ? `p99 ${ratio.toFixed(1)}× floor` : 'no p99');
  for (const [count, what] of [[engine.lost, 'lost'], [engine.rejected, 'rejected'], [engine.doubled, 'doubled']] as const) {
    if (count > 0) misses.push(`${count} ${what}`);
  }
  // A floor that lost or refused orders is no floor: say so beside the verdict.
  const floorNote = isClean(floor) ? '' : ` (floor not clean: ${floor.lost} lost, ${floor.rejected} rejected, ${floor.doubled} doubled)`;
  const isMet = misses.length === 0;
  return { rate: engine.rate, floorP99Ms: floor.p99Ms, engineP99Ms: engine.p99Ms, ratio, isMet, verdict: `${isMet ? 'met' : `missed: ${misses.join(', ')}`}${floorNote}` };
}

/**
 * The lowest tested rate at which a leg's p99 passes `limitMs`, or at which it lost orders (their
 * latency has no bound); undefined when no tested rate did.
 */
export function breakPoint(legs: readonly LegSummary[], limitMs: number): number | undefined {
  const broken = legs.filter((l) => !(l.p99Ms <= limitMs) || l.lost > 0).map((l) => l.rate);
  return broken.length === 0 ? undefined : Math.min(...broken);
}

/** A leg as a table row; the engine's row carries its verdict against the floor. */
export function legRow(leg: LegSummary, verdict?: RateVerdict): Row {
  return {
    leg: leg.leg,
    'sent/s': leg.rate,
    sent: leg.sent,
    answered: leg.answered,
    rejected: leg.rejected === 0 ? 0 : `${leg.rejected} (${Object.entries(leg.rejectedBy).map(([code, count]) => `${code} ${count}`).join(', ')})`,
    lost: leg.lost,
    doubled: leg.doubled,
    'filled/s': leg.filledPerS,
    'p50 ms': leg.p50Ms,
    'p90 ms': leg.p90Ms,
    'p99 ms': leg.p99Ms,
    'max ms': leg.maxMs,
    'consumer CPU %': leg.consumerCpuPct,
    'gateways CPU %': leg.gatewaysCpuPct,
    'generator CPU %': leg.generatorCpuPct,
    'load 1m': leg.load1m,
    '× floor p99': verdict === undefined ? '' : Number.isFinite(verdict.ratio) ? verdict.ratio : 'n/a',
    verdict: verdict === undefined ? '' : verdict.verdict,
  };
}
