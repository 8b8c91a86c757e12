// Processes ORDER_QUEUE entries: parse, write, then publish, then resolve (which acks). Entries read
// together are written together (a run of orders in one statement, see group-commit.ts and
// place-orders.ts); a batch that fails is retried entry by entry. A crash after the write redelivers
// the entries; they then find their orders and replay them (place-orders.ts) without writing anything, so
// nothing is applied twice and what the lost outcome held is still indexed and published.
import type { QueueEntry } from '../../lib/broker/broker.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { Logger } from '../../lib/log.ts';
import { orderQueueEntrySchema, type OrderCancelAllRequest, type OrderCancelRequest, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { UnknownAccountError, type Tx } from '../../lib/accounts/account-lock.ts';
import { FencedError } from '../../lib/leadership/fence.ts';
import { answerCancelAllFromFacts, answerCancelFromFacts, readBatchFacts, type BatchFacts } from './batch-facts.ts';
import { amendOrder } from './amend-order.ts';
import { answerCancelAllFromRead, answerCancelFromRead, cancelAllOrders, cancelOrder } from './cancel-orders.ts';
import type { DeadmanWatch } from './deadman-watch.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { countOrderOutcomes } from './engine-metrics.ts';
import { parsePayload } from './market-data-schemas.ts';
import { answer, type Outcome } from './outcome.ts';
import { inLockedTransaction } from './locked-transaction.ts';
import { placeOrders, type PlaceContext, type PlaceEntry } from './place-orders.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import type { OpenOrderIndex } from './open-order-index.ts';

/** Deliveries after which an entry that still fails is logged and dropped instead of retried. */
export const MAX_DELIVERIES = 5;

/** What the handler needs from the engine. */
export interface OrderEntryDeps {
  prisma: PrismaClient;
  broker: Broker;
  logger: Logger;
  index: OpenOrderIndex;
  place: PlaceContext;
  deadman: Pick<DeadmanWatch, 'arm'>;
  transactionTimeoutMs: number;
  /** False once the engine's lease may have lapsed (absent: always leading). */
  isLeading?: () => boolean;
}

/** The engine lost its lease between a write and its answer; the entry is left pending for the leader. */
export class NotLeadingError extends Error {
  override readonly name = 'NotLeadingError';
}

/** The two ways of committing entries; the caller runs both on the engine's serial queue. */
export interface OrderEntryHandler {
  /** One entry in its own transaction; rejects to leave it pending for a retry. */
  handleOne(entry: QueueEntry): Promise<void>;
  /** Several entries, in order, in one transaction; rejects (nothing committed) if any of them fails. */
  handleBatch(entries: readonly QueueEntry[]): Promise<void>;
}

/** Builds the queue handlers. */
export function createOrderEntryHandler(deps: OrderEntryDeps): OrderEntryHandler {
  const parse = (entry: QueueEntry): OrderQueueEntry | undefined => {
    const parsed = parsePayload(orderQueueEntrySchema, entry.data);
    // Retrying cannot fix it: log and let it be acknowledged.
    if (parsed === undefined) deps.logger.warn({ id: entry.id }, 'malformed order queue entry dropped');
    return parsed;
  };
  const finish = async (committed: { parsed: OrderQueueEntry; outcome: Outcome }[]): Promise<void> => {
    // An engine whose lease may have lapsed tells nobody anything: its entries stay pending, and the
    // engine that leads now replays what was written and decides the rest.
    if (deps.isLeading?.() === false) throw new NotLeadingError('this engine may no longer lead; its entries are left to the leader');
    for (const { outcome } of committed) for (const order of outcome.changed) deps.index.update(order);
    // A replay may re-tell a client's retry of an outcome counted already: only first decisions are counted.
    for (const { outcome } of committed) if (outcome.replayed !== true) countOrderOutcomes(outcome);
    // Every publish is issued before any is awaited; one connection keeps them in order.
    await Promise.all(committed.map(({ parsed, outcome }) => publishEvents(deps.broker, parsed.userId, outcome.events)));
  };

  return {
    async handleOne(entry) {
      const parsed = parse(entry);
      if (parsed === undefined) return;
      let outcome: Outcome;
      try {
        const [only] = await dispatchAll(deps, [parsed]);
        outcome = ensureDefined(only, `the outcome of entry ${entry.id}`);
      } catch (error) {
        if (error instanceof UnknownAccountError) {
          deps.logger.warn({ id: entry.id, userId: parsed.userId }, 'order for an unknown user dropped');
          return;
        }
        // Rejecting leaves the entry pending for a retry; one that keeps failing would come back forever.
        // A fenced-off engine never drops one: the entry is the leader's to decide.
        if (entry.deliveries < MAX_DELIVERIES || error instanceof FencedError) throw error;
        deps.logger.error({ err: error, id: entry.id, deliveries: entry.deliveries }, 'order queue entry failed repeatedly; dropped');
        return;
      }
      await finish([{ parsed, outcome }]);
    },

    async handleBatch(entries) {
      const parsedEntries = entries.flatMap((entry) => {
        const parsed = parse(entry);
        return parsed === undefined ? [] : [parsed];
      });
      if (parsedEntries.length === 0) return;
      // If the batch rolls back, its entries are retried one by one: they must find the tokens they took still there.
      const restoreRateLimits = deps.place.rateLimiter.remember(parsedEntries.map((parsed) => parsed.userId));
      // A failure may come after some runs were written: their entries then only replay on the retry,
      // taking no token, so giving every token back costs at most a few free ones.
      const outcomes = await dispatchAll(deps, parsedEntries).catch((error: unknown) => {
        restoreRateLimits();
        throw error;
      });
      await finish(parsedEntries.map((parsed, i) => ({ parsed, outcome: ensureDefined(outcomes[i], `the outcome of entry ${i}`) })));
    },
  };
}

/**
 * The `order.place` entries are decided and written together in runs (place-orders.ts: one read, one
 * write); a run is written before any other op of a user it holds an order of. Every other op in
 * arrival order: a cancel or cancelAll that needs no write (no such order of the user's, one already
 * ended, nothing open in the symbol) from the batch's one read of the ids and symbols they name
 * (batch-facts.ts) or else a plain read of its own, `order.deadman` without the database (it
 * touches no account row), and the rest in its own transaction under the account lock. The outcomes
 * are in entry order.
 */
async function dispatchAll(deps: OrderEntryDeps, entries: readonly OrderQueueEntry[]): Promise<Outcome[]> {
  const outcomes: (Outcome | undefined)[] = Array.from({ length: entries.length });
  let run: { index: number; entry: PlaceEntry }[] = [];
  const facts = await readBatchFacts(deps.prisma, entries);
  const placeRun = async (): Promise<void> => {
    if (run.length === 0) return;
    const placed = await placeOrders(deps.prisma, deps.place, run.map((r) => r.entry));
    for (const [i, { index }] of run.entries()) outcomes[index] = placed[i];
    run = [];
  };
  for (const [index, { userId, request, receivedAt }] of entries.entries()) {
    if (request.op === 'order.place') {
      run.push({ index, entry: { userId, request, receivedAt } });
      continue;
    }
    // Accounts are independent (orders trade against the market's book, never each other), so only
    // this user's own orders earlier in the run must be written first; other users' orders keep
    // gathering, and a stream of other ops cannot break the run into one write per order.
    if (run.some((r) => r.entry.userId === userId)) await placeRun();
    outcomes[index] = await dispatchOne(deps, facts, userId, request);
  }
  await placeRun();
  return outcomes.map((outcome, i) => ensureDefined(outcome, `the outcome of entry ${i}`));
}

async function dispatchOne(deps: OrderEntryDeps, facts: BatchFacts | undefined, userId: string, request: Exclude<OrderQueueEntry['request'], { op: 'order.place' }>): Promise<Outcome> {
  // Arming twice (a retried batch, a redelivery) is harmless.
  if (request.op === 'order.deadman') return answer(await deps.deadman.arm(userId, request.seconds, request.id));
  const { guess, fence, onFenced } = deps.place;
  const locked = { ...deps, guess, fence, onFenced };
  if (request.op === 'order.amend') return inLockedTransaction(locked, userId, (tx) => amendOrder(tx, userId, request, deps.place));
  // What the batch's one read settles first, then a read of this op's own, then the lock.
  const known = facts === undefined ? undefined : request.op === 'order.cancel' ? answerCancelFromFacts(facts, userId, request) : answerCancelAllFromFacts(facts, userId, request);
  if (known !== undefined) return known;
  const answered = request.op === 'order.cancel' ? await answerCancelFromRead(deps.prisma, userId, request) : await answerCancelAllFromRead(deps.prisma, userId, request);
  if (answered !== undefined) return answered;
  return inLockedTransaction(locked, userId, (tx) => dispatchOther(tx, userId, request));
}

function dispatchOther(tx: Tx, userId: string, request: OrderCancelRequest | OrderCancelAllRequest): Promise<Outcome> {
  return request.op === 'order.cancel' ? cancelOrder(tx, userId, request) : cancelAllOrders(tx, userId, request);
}
