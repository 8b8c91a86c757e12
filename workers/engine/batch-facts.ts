// What a batch's cancels and cancelAlls can be answered from without a read each: who owns the order ids
// they name, the highest order id at the batch's start, and which (user, symbol) pairs have an open order.
// A flood of cancels of other users' ids, made-up ids or empty symbols then costs the batch one read,
// not one round trip per op on the engine's serial queue.
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../lib/market/instruments.ts';
import type { OrderCancelAllRequest, OrderCancelRequest, OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { timeStatement } from './engine-metrics.ts';
import { cancelAllDoneEvent, rejectedEvent } from './order-events.ts';
import { OPEN_STATUSES } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { REJECT_CODES } from '../../lib/protocol/orders.ts';

/** Facts read once at the start of a batch. */
export interface BatchFacts {
  /** The owner of each order id the batch's cancels name, when that order exists. */
  owners: Map<bigint, string>;
  /** Ids are handed out in increasing order and orders never deleted: an absent id at or below this never existed. */
  maxOrderId: bigint;
  /** `userId symbol` of every open order of the users the batch's cancelAlls name. */
  openPairs: Set<string>;
  /** Users with an order.place in the batch: what was read about them may change within it. */
  placing: Set<string>;
}

const MAX_ORDER_ID = 9_223_372_036_854_775_807n;
const pair = (userId: string, symbol: string): string => `${userId} ${symbol}`;

/** Reads the batch's facts (at most three queries, together); undefined when it holds no cancel or cancelAll. */
export async function readBatchFacts(db: PrismaClient, entries: readonly OrderQueueEntry[]): Promise<BatchFacts | undefined> {
  const ids = new Set<bigint>();
  const cancelAllUsers = new Set<string>();
  const placing = new Set<string>();
  for (const { userId, request } of entries) {
    if (request.op === 'order.place') placing.add(userId);
    if (request.op === 'order.cancel' && request.orderId !== undefined && BigInt(request.orderId) <= MAX_ORDER_ID) ids.add(BigInt(request.orderId));
    if (request.op === 'order.cancelAll') cancelAllUsers.add(userId);
  }
  if (ids.size === 0 && cancelAllUsers.size === 0) return undefined;
  const [named, newest, open] = await timeStatement('read_batch', () =>
    Promise.all([
      ids.size === 0 ? [] : db.order.findMany({ where: { id: { in: [...ids] } }, select: { id: true, userId: true } }),
      ids.size === 0 ? null : db.order.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }),
      cancelAllUsers.size === 0 ? [] : db.order.findMany({ where: { userId: { in: [...cancelAllUsers] }, status: { in: [...OPEN_STATUSES] } }, select: { userId: true, symbol: true }, distinct: ['userId', 'symbol'] }),
    ]),
  );
  return {
    owners: new Map(named.map((row) => [row.id, row.userId])),
    maxOrderId: newest?.id ?? 0n,
    openPairs: new Set(open.map((row) => pair(row.userId, row.symbol))),
    placing,
  };
}

/** UNKNOWN_ORDER for an id that is another user's or never existed; undefined when only a read can tell. */
export function answerCancelFromFacts(facts: BatchFacts, userId: string, request: OrderCancelRequest): Outcome | undefined {
  if (request.orderId === undefined) return undefined;
  const id = BigInt(request.orderId);
  const owner = facts.owners.get(id);
  const isForeign = owner !== undefined && owner !== userId;
  const neverExisted = owner === undefined && (id <= facts.maxOrderId || id > MAX_ORDER_ID);
  if (!isForeign && !neverExisted) return undefined;
  return answer(rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_ORDER, message: 'no such order' }));
}

/** The empty answer to a cancelAll of a listed symbol where the user had nothing open; undefined otherwise. */
export function answerCancelAllFromFacts(facts: BatchFacts, userId: string, request: OrderCancelAllRequest): Outcome | undefined {
  if (facts.placing.has(userId) || !isKnownSymbol(request.symbol) || facts.openPairs.has(pair(userId, request.symbol))) return undefined;
  return answer(cancelAllDoneEvent(request, 0));
}
