// Where a consumer's time went during a phase: how many queue entries it took per batch (read), and
// each of its database statements' count and mean duration. The engine's come from its own
// Prometheus histograms (workers/engine/engine-metrics.ts), the floor's from its stats line. Pure.
import type { Row } from '../lib/report.ts';

/** One statement's count and total time. */
export interface StatementStats {
  count: number;
  sumMs: number;
}

/** Cumulative figures of a consumer; two snapshots' difference is one phase. */
export interface ConsumerStats {
  /** Batches (engine: group commits; floor: non-empty reads). */
  batches: number;
  /** Queue entries in them. */
  entries: number;
  statements: Record<string, StatementStats>;
  /** Engine only: enqueue → the start of the entry's batch. */
  queueWait?: StatementStats;
}

const BATCH = 'tickwire_engine_batch_entries';
const STATEMENT = 'tickwire_engine_statement_duration_seconds';
const QUEUE_WAIT = 'tickwire_engine_queue_wait_seconds';

/** The engine's statistics from its /metrics text (Prometheus exposition format). */
export function engineStats(metricsText: string): ConsumerStats {
  const stats: ConsumerStats = { batches: 0, entries: 0, statements: {}, queueWait: { count: 0, sumMs: 0 } };
  for (const line of metricsText.split('\n')) {
    const match = /^(\w+?)_(sum|count)(?:\{([^}]*)\})? ([0-9.eE+-]+|NaN)$/.exec(line.trim());
    if (match === null) continue;
    const [, name, kind, labels = '', raw] = match;
    const value = Number(raw);
    if (name === BATCH) {
      if (kind === 'sum') stats.entries = value;
      else stats.batches = value;
    } else if (name === STATEMENT) {
      const statement = /statement="([^"]*)"/.exec(labels)?.[1];
      if (statement === undefined) continue;
      const entry = (stats.statements[statement] ??= { count: 0, sumMs: 0 });
      if (kind === 'sum') entry.sumMs = value * 1000;
      else entry.count = value;
    } else if (name === QUEUE_WAIT && stats.queueWait !== undefined) {
      if (kind === 'sum') stats.queueWait.sumMs = value * 1000;
      else stats.queueWait.count = value;
    }
  }
  return stats;
}

/** `after` − `before`. */
export function statsBetween(before: ConsumerStats, after: ConsumerStats): ConsumerStats {
  const minus = (a: StatementStats | undefined, b: StatementStats | undefined): StatementStats => ({ count: (a?.count ?? 0) - (b?.count ?? 0), sumMs: (a?.sumMs ?? 0) - (b?.sumMs ?? 0) });
  const statements: Record<string, StatementStats> = {};
  for (const [name, stats] of Object.entries(after.statements)) statements[name] = minus(stats, before.statements[name]);
  return {
    batches: after.batches - before.batches,
    entries: after.entries - before.entries,
    statements,
    ...(after.queueWait === undefined ? {} : { queueWait: minus(after.queueWait, before.queueWait) }),
  };
}

/** A phase's figures as a row: entries per batch, and per statement its mean and its count per batch. */
export function statsRow(leg: string, rate: number, stats: ConsumerStats | undefined): Row {
  if (stats === undefined) return { leg, 'sent/s': rate, batches: 'n/a', 'entries/batch': 'n/a', 'queue wait mean ms': 'n/a', statements: 'not measured' };
  const mean = (s: StatementStats): number => (s.count > 0 ? s.sumMs / s.count : Number.NaN);
  const used = Object.entries(stats.statements).filter(([, s]) => s.count > 0);
  const statements = used.map(([name, s]) => `${name} ${mean(s).toFixed(2)} ms × ${(s.count / Math.max(1, stats.batches)).toFixed(2)}/batch`).join('; ');
  return {
    leg,
    'sent/s': rate,
    batches: stats.batches,
    'entries/batch': stats.batches > 0 ? stats.entries / stats.batches : Number.NaN,
    'queue wait mean ms': stats.queueWait === undefined ? 'n/a' : mean(stats.queueWait),
    statements: statements === '' ? 'none' : statements,
  };
}
