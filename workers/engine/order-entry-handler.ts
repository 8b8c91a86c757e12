// Processes ORDER_QUEUE entries: parse, one transaction, then publish, then resolve (which acks).
// Entries read together commit together (one transaction for the batch, see group-commit.ts); a
// batch that fails is retried entry by entry. A crash after the commit redelivers the entries; the
// transaction then finds each order and only replays its acknowledgement, so nothing is applied twice.
import type { QueueEntry } from '../../lib/broker/broker.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { Logger } from '../../lib/log.ts';
import { orderQueueEntrySchema, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { lockAccounts, UnknownAccountError, type Tx } from '../../lib/accounts/account-lock.ts';
import { cancelAllOrders, cancelOrder } from './cancel-orders.ts';
import type { DeadmanWatch } from './deadman-watch.ts';
import { parsePayload } from './market-data-schemas.ts';
import { answer, type Outcome } from './outcome.ts';
import { placeOrder, type PlaceContext } from './place-order.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import type { RestingIndex } from './resting-index.ts';

/** Deliveries after which an entry that still fails is logged and dropped instead of retried. */
export const MAX_DELIVERIES = 5;

/** What the handler needs from the engine. */
export interface OrderEntryDeps {
  prisma: PrismaClient;
  broker: Broker;
  logger: Logger;
  index: RestingIndex;
  place: PlaceContext;
  deadman: Pick<DeadmanWatch, 'arm'>;
  transactionTimeoutMs: number;
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
    for (const { outcome } of committed) for (const order of outcome.changed) deps.index.update(order);
    // Every publish is issued before any is awaited; one connection keeps them in order.
    await Promise.all(committed.map(({ parsed, outcome }) => publishEvents(deps.broker, parsed.userId, outcome.events)));
  };

  return {
    async handleOne(entry) {
      const parsed = parse(entry);
      if (parsed === undefined) return;
      let outcome: Outcome;
      try {
        outcome = await deps.prisma.$transaction(
          async (tx) => {
            await lockAccounts(tx, [parsed.userId]);
            return dispatch(tx, deps, parsed);
          },
          { timeout: deps.transactionTimeoutMs },
        );
      } catch (error) {
        if (error instanceof UnknownAccountError) {
          deps.logger.warn({ id: entry.id, userId: parsed.userId }, 'order for an unknown user dropped');
          return;
        }
        // Rejecting leaves the entry pending for a retry; one that keeps failing would come back forever.
        if (entry.deliveries < MAX_DELIVERIES) throw error;
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
      const committed = await deps.prisma.$transaction(
        async (tx) => {
          // Every account of the batch in one statement; each entry's reads come after it.
          await lockAccounts(tx, parsedEntries.map((parsed) => parsed.userId));
          const results: { parsed: OrderQueueEntry; outcome: Outcome }[] = [];
          for (const parsed of parsedEntries) results.push({ parsed, outcome: await dispatch(tx, deps, parsed) });
          return results;
        },
        { timeout: deps.transactionTimeoutMs },
      ).catch((error: unknown) => {
        restoreRateLimits();
        throw error;
      });
      await finish(committed);
    },
  };
}

function dispatch(tx: Tx, deps: Pick<OrderEntryDeps, 'place' | 'deadman'>, entry: OrderQueueEntry): Promise<Outcome> {
  const { request, userId } = entry;
  switch (request.op) {
    case 'order.place':
      return placeOrder(tx, deps.place, userId, request, entry.receivedAt);
    case 'order.cancel':
      return cancelOrder(tx, userId, request);
    case 'order.cancelAll':
      return cancelAllOrders(tx, userId, request);
    case 'order.deadman':
      // Arming touches no account row; arming twice (a retried batch, a redelivery) is harmless.
      return deps.deadman.arm(userId, request.seconds, request.id).then((event) => answer(event));
  }
}
