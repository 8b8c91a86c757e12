// The engine's Prometheus series on the process registry (/metrics): what it decided for orders,
// how big its group commits are, how long its statements take, and how far behind the order queue it runs.
import { Counter, Gauge, Histogram } from 'prom-client';
import { getMetrics } from '../../lib/metrics.ts';
import { CANCEL_REASONS, REJECT_CODES } from '../../lib/protocol/orders.ts';
import { isResting, isWaitingStop } from './order-record.ts';
import type { Outcome } from './outcome.ts';
import { processScoped } from '../../lib/process-scoped.ts';

/** What the engine decided for an order; `resting` is counted once, when a new order goes on the book. */
export type OrderOutcome = 'filled' | 'resting' | 'cancelled' | 'rejected';

/** Which database work a duration is of; `locked_transaction` is a whole transaction under an account lock. */
export type Statement = 'read_accounts' | 'read_replays' | 'read_batch' | 'read_order' | 'write_orders' | 'locked_transaction';

/** The engine's metrics; every labelled series exists at zero once the engine starts. */
export interface EngineMetrics {
  orders: Counter<'outcome' | 'code'>;
  batchEntries: Histogram;
  statementSeconds: Histogram<'statement'>;
  queueWaitSeconds: Histogram;
  /** Marks a queue entry as taken by the engine; the returned function marks it settled. */
  hold(entryId: string): () => void;
}

/** The engine's metrics, created on first use, once per process (lib/process-scoped.ts). */
export function getEngineMetrics(): EngineMetrics {
  return processScoped('engineMetrics', createEngineMetrics);
}

/** The outcomes in one committed Outcome: each rejection and cancellation, each order filled, each new order left resting. */
export function orderOutcomesOf(outcome: Outcome): { outcome: OrderOutcome; code: string }[] {
  const found: { outcome: OrderOutcome; code: string }[] = [];
  const accepted = new Set<string>();
  for (const event of outcome.events) {
    if (event.type === 'order.rejected') found.push({ outcome: 'rejected', code: event.code });
    if (event.type === 'order.cancelled') found.push({ outcome: 'cancelled', code: event.reason });
    if (event.type === 'order.accepted') accepted.add(event.orderId);
  }
  for (const order of outcome.changed) {
    if (order.status === 'filled') found.push({ outcome: 'filled', code: '' });
    else if ((isResting(order) || isWaitingStop(order)) && accepted.has(order.id.toString())) found.push({ outcome: 'resting', code: '' });
  }
  return found;
}

/** Counts the order outcomes of a committed Outcome. */
export function countOrderOutcomes(outcome: Outcome): void {
  const { orders } = getEngineMetrics();
  for (const labels of orderOutcomesOf(outcome)) orders.inc(labels);
}

/** Awaits `work`, recording how long it took as `statement`, whether it succeeded or not. */
export async function timeStatement<T>(statement: Statement, work: () => Promise<T>): Promise<T> {
  const stop = getEngineMetrics().statementSeconds.startTimer({ statement });
  try {
    return await work();
  } finally {
    stop();
  }
}

/** When a queue entry was enqueued: its id is `<ms>-<seq>`, the broker's clock at XADD. */
export function enqueuedAtMs(entryId: string): number {
  return Number(entryId.split('-')[0]);
}

/** Records a batch about to be committed: its size, and how long each entry waited since it was enqueued. */
export function observeBatch(entryIds: readonly string[], nowMs = Date.now()): void {
  const { batchEntries, queueWaitSeconds } = getEngineMetrics();
  batchEntries.observe(entryIds.length);
  for (const id of entryIds) queueWaitSeconds.observe(Math.max(0, nowMs - enqueuedAtMs(id)) / 1000);
}

function createEngineMetrics(): EngineMetrics {
  const { registry } = getMetrics();
  const registers = [registry];
  // Entries taken from the queue and not settled yet, by id, with their enqueue time.
  const held = new Map<string, number>();
  new Gauge({
    name: 'tickwire_engine_queue_entries',
    help: 'Order-queue entries the engine has taken and not yet committed or given back',
    registers,
    collect() {
      this.set(held.size);
    },
  });
  new Gauge({
    name: 'tickwire_engine_queue_lag_seconds',
    help: 'Age of the oldest order-queue entry the engine holds (0 when it holds none)',
    registers,
    collect() {
      // Claimed entries of a dead consumer can be older than the ones taken before them: look at all.
      const oldestMs = Math.min(...held.values());
      this.set(held.size === 0 ? 0 : Math.max(0, Date.now() - oldestMs) / 1000);
    },
  });
  const metrics: EngineMetrics = {
    orders: new Counter({
      name: 'tickwire_engine_orders_total',
      help: 'Orders decided by the engine, by outcome (filled, resting, cancelled, rejected) and code (cancel reason or reject code)',
      labelNames: ['outcome', 'code'],
      registers,
    }),
    batchEntries: new Histogram({ name: 'tickwire_engine_batch_entries', help: 'Order-queue entries committed together in one group commit', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers }),
    statementSeconds: new Histogram({
      name: 'tickwire_engine_statement_duration_seconds',
      help: 'Duration of the engine database work, by statement (read_accounts, read_replays, read_batch (the order ids and open orders the cancels of a batch name), read_order (a cancel answered by a plain read), write_orders, locked_transaction)',
      labelNames: ['statement'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    queueWaitSeconds: new Histogram({
      name: 'tickwire_engine_queue_wait_seconds',
      help: 'Time from enqueue to the start of the batch that commits the entry',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    }),
    hold(entryId) {
      held.set(entryId, enqueuedAtMs(entryId));
      return () => held.delete(entryId);
    },
  };
  for (const outcome of ['filled', 'resting'] as const) metrics.orders.inc({ outcome, code: '' }, 0);
  for (const code of Object.values(REJECT_CODES)) metrics.orders.inc({ outcome: 'rejected', code }, 0);
  for (const code of Object.values(CANCEL_REASONS)) metrics.orders.inc({ outcome: 'cancelled', code }, 0);
  const statements: Statement[] = ['read_accounts', 'read_replays', 'read_batch', 'read_order', 'write_orders', 'locked_transaction'];
  for (const statement of statements) metrics.statementSeconds.zero({ statement });
  return metrics;
}
