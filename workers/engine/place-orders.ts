// `order.place` for a run of queue entries: the accounts are read once, each order is decided in
// memory in arrival order (seeing the cash, positions and open orders the ones before it left), and
// every new order, fill, position and cash balance is written with one statement, which happens whole
// or not at all. Idempotency first: a client order id already placed earlier in the run replays that
// order's acceptance; one already stored replays everything its placement told (see replayStored).
import type { Fill, PrismaClient } from '../../lib/generated/prisma/client.ts';
import { FencedError, type Fence } from '../../lib/leadership/fence.ts';
import { balanceEvent } from '../../lib/accounts/account-events.ts';
import type { Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import { ZERO_LOTS, type Ticks } from '../../lib/market/units.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { type OrderEvent, type OrderRejectedEvent } from '../../lib/protocol/order-events.ts';
import { AccountChangedError, accountView, newOrderKey, readAccounts, writeOrders, type AccountState, type NewOrder, type StoredOrders } from './batch-accounts.ts';
import type { AccountGuess } from './account-guess.ts';
import type { EngineLimits } from './engine-limits.ts';
import { timeStatement } from './engine-metrics.ts';
import { isSameOrder } from './is-same-order.ts';
import { normalizeOrder } from './normalize-order.ts';
import { acceptedEvent, cancelledEvent, positionEvent, rejectedEvent, storedFillEvents } from './order-events.ts';
import { OPEN_STATUSES, isLeftOpenByPlace, toOrderRecord, unfilledLots, type OrderRecord } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { planOrder } from './plan-order.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { planSettlement, settlementEvents, withOrderIdentity } from './settle-order.ts';

/** What placing an order needs besides the database. */
export interface PlaceContext {
  liveBook: (symbol: string) => OrderBook | undefined;
  /** The price of the symbol's last public trade, which triggers stops; undefined before the first. */
  lastTrade: (symbol: string) => Ticks | undefined;
  limits: EngineLimits;
  rateLimiter: RateLimiter;
  /** The accounts as last written, to skip the read; absent, every run reads. */
  guess?: AccountGuess;
  /** The engine's term: the write carries it, and the database refuses it once a newer engine leads. */
  fence?: Fence;
  /** Told when the fence refused the write. */
  onFenced?: () => void;
}

/** One `order.place` of the queue. */
export interface PlaceEntry {
  userId: string;
  request: OrderPlaceRequest;
  receivedAt: number;
}

/** A stored order an entry replays, with what its outcome told: its fills and, if it ended, why. */
interface StoredOrder {
  order: OrderRecord;
  reason: string | null;
  fills: Fill[];
}

/** Everything the write returned, and the stored orders some entries replay. */
interface Written {
  stored: StoredOrders;
  replays: Map<bigint, StoredOrder>;
}

/** The account at an entry's turn in the run. */
interface Holding {
  cash: Money;
  position: PositionState;
}

/** An entry's outcome, complete once the run is written. */
type PendingOutcome = (written: Written) => Outcome;

/** A run decided against a guess refused an order; only a fresh read can confirm a refusal. */
class UnconfirmedRefusalError extends Error {
  override readonly name = 'UnconfirmedRefusalError';
}

// A reset racing the same accounts again and again is not expected; give up (the batch is retried) after this many.
const MAX_ATTEMPTS = 3;

/**
 * Places (or replays) each entry's order; the outcomes are in entry order. Two statements (a read,
 * then the write), or only the write when every account is in `ctx.guess`. When the write finds an
 * account changed since it was read, the run is decided again from a fresh read, its rate-limit
 * tokens given back first; so is a run decided against the guess that failed in any way or refused
 * an order (a client order id already stored fails the insert's unique key; a write that failed may
 * have committed, and the fresh read then finds its orders and replays them).
 */
export async function placeOrders(db: PrismaClient, ctx: PlaceContext, entries: readonly PlaceEntry[]): Promise<Outcome[]> {
  const userIds = [...new Set(entries.map((entry) => entry.userId))];
  let guessed = ctx.guess?.take(userIds);
  for (let attempt = 1; ; attempt++) {
    const restoreRateLimits = ctx.rateLimiter.remember(userIds);
    try {
      return await placeOnce(db, ctx, entries, userIds, guessed);
    } catch (error) {
      ctx.guess?.forget(userIds);
      // A newer engine leads: nothing here may be decided again.
      if (error instanceof FencedError) {
        ctx.onFenced?.();
        throw error;
      }
      const isRetried = guessed !== undefined || error instanceof AccountChangedError;
      if (!isRetried || attempt === MAX_ATTEMPTS) throw error;
      restoreRateLimits();
      guessed = undefined;
    }
  }
}

async function placeOnce(db: PrismaClient, ctx: PlaceContext, entries: readonly PlaceEntry[], userIds: readonly string[], guessed: Map<string, AccountState> | undefined): Promise<Outcome[]> {
  const accounts = guessed ?? (await timeStatement('read_accounts', () => readAccounts(db, userIds, entries.map((entry) => entry.request.clientOrderId))));
  const newOrders: NewOrder[] = [];
  const decided = entries.map((entry) => decide(entry, accounts, ctx, newOrders));
  if (guessed !== undefined && decided.some((d) => d.isRefusal)) throw new UnconfirmedRefusalError('a guessed account refused an order');
  const pending = decided.map((d) => d.complete);
  const replayIds = new Set<bigint>();
  for (const { userId, request } of entries) {
    const storedId = accounts.get(userId)?.storedOrderIds.get(request.clientOrderId);
    if (storedId !== undefined) replayIds.add(storedId);
  }
  const replays = await readReplays(db, replayIds);
  const stored = await timeStatement('write_orders', () => writeOrders(db, newOrders, accounts, ctx.fence));
  ctx.guess?.remember(accounts, new Set(newOrders.map((n) => n.order.userId)));
  return pending.map((complete) => complete({ stored, replays }));
}

// Orders are never deleted and their terms never change, and the write touches neither them nor their
// fills, so reading them outside the write is safe. Two queries whatever the number of replays.
async function readReplays(db: PrismaClient, ids: ReadonlySet<bigint>): Promise<Map<bigint, StoredOrder>> {
  if (ids.size === 0) return new Map();
  const where = { in: [...ids] };
  const [rows, fills] = await timeStatement('read_replays', () =>
    Promise.all([db.order.findMany({ where: { id: where } }), db.fill.findMany({ where: { orderId: where }, orderBy: { id: 'asc' } })]),
  );
  return new Map(rows.map((row) => [row.id, { order: toOrderRecord(row), reason: row.reason, fills: fills.filter((fill) => fill.orderId === row.id) }]));
}

/** An entry decided in memory: its outcome once written, and whether it was refused. */
interface Decided {
  complete: PendingOutcome;
  isRefusal: boolean;
}

function decide(entry: PlaceEntry, accounts: Map<string, AccountState>, ctx: PlaceContext, newOrders: NewOrder[]): Decided {
  const { userId, request } = entry;
  const account = ensureDefined(accounts.get(userId), `the account of ${userId}`);
  const storedId = account.storedOrderIds.get(request.clientOrderId);
  if (storedId !== undefined) {
    const holding = { cash: account.cash, position: account.positions.get(request.symbol) ?? FLAT_POSITION };
    return notRefused(({ replays }) => replayStored(request, replays.get(storedId), holding));
  }
  const placedEarlier = newOrders.find((n) => n.order.userId === userId && n.order.clientOrderId === request.clientOrderId);
  // Only the acceptance: the run's own outcome for that order carries its fills and its state.
  if (placedEarlier !== undefined) return notRefused(({ stored }) => acknowledge(request, identified(placedEarlier.order, stored)));
  const refuse = (rejection: Parameters<typeof rejectedEvent>[1]): Decided => ({ complete: () => answer(rejectedEvent(request, rejection)), isRefusal: true });
  if (!ctx.rateLimiter.tryTake(userId, entry.receivedAt)) return refuse({ code: REJECT_CODES.RATE_LIMITED, message: 'too many order requests; slow down' });
  const normalized = normalizeOrder(request);
  if (!normalized.ok) return refuse(normalized.rejection);
  const { inst, lots, side, type, timeInForce, stopTicks, postOnly } = normalized.value;
  const market = { book: ctx.liveBook(inst.symbol), lastTradeTicks: ctx.lastTrade(inst.symbol) };
  const plan = planOrder(normalized.value, market, accountView(account, inst), ctx.limits);
  if (!plan.ok) return refuse(plan.rejection);
  const { executions, cancelReason, priceTicks } = plan.value;
  const cancel = cancelReason === null ? undefined : { reason: cancelReason, requestId: request.id };
  const unsaved: OrderRecord = {
    id: 0n, userId, clientOrderId: request.clientOrderId, inst, side, type, timeInForce, lots, priceTicks, stopTicks, postOnly,
    isTriggered: false, placedLots: lots, placedPriceTicks: priceTicks, filledLots: ZERO_LOTS, status: 'open', createdAtMs: 0,
  };
  const settlement = planSettlement(unsaved, account.cash, executions, 'taker', cancel, account.positions.get(inst.symbol) ?? FLAT_POSITION, 0n);
  // The orders after this one in the run see what it did.
  if (settlement.position !== undefined) {
    account.positions.set(inst.symbol, settlement.position);
    account.changedSymbols.add(inst.symbol);
    account.cash = settlement.cash;
  }
  if (OPEN_STATUSES.includes(settlement.order.status)) account.open.push({ inst, side, priceTicks, remainingLots: unfilledLots(settlement.order) });
  newOrders.push({ order: unsaved, totals: settlement.totals, fills: settlement.steps.map((step) => step.fill) });
  return notRefused(({ stored }) => {
    const { id, createdAtMs } = identified(unsaved, stored);
    const settled = withOrderIdentity(settlement, id, createdAtMs);
    const fillIds = stored.fillIds.get(id) ?? [];
    return { events: [acceptedEvent(settled.order, request.id), ...settlementEvents(settled, fillIds, createdAtMs)], changed: [settled.order] };
  });
}

const notRefused = (complete: PendingOutcome): Decided => ({ complete, isRefusal: false });

// The acknowledgement of the order a client order id names, or DUPLICATE_CLIENT_ORDER_ID when the request asks for another.
function acknowledge(request: OrderPlaceRequest, order: OrderRecord): Outcome {
  return answer(isSameOrder(order, request) ? acceptedEvent(order, request.id) : duplicateEvent(request));
}

/**
 * A stored order named again. Its placement's outcome may never have been applied nor published (the
 * engine crashed after the write committed, or a batch threw after committing), so the replay tells
 * it all again as now stored — fills (by their ids, so a client that has them drops them), end,
 * position and cash — and hands the order to the index, which keeps it only while it rests.
 */
function replayStored(request: OrderPlaceRequest, found: StoredOrder | undefined, holding: Holding): Outcome {
  const { order, reason, fills } = ensureDefined(found, `the stored order ${request.clientOrderId}`);
  if (!isSameOrder(order, request)) return answer(duplicateEvent(request));
  const events: OrderEvent[] = [acceptedEvent(order, request.id), ...storedFillEvents(order, fills), ...storedEndEvents(order, reason, request.id)];
  if (fills.length > 0) events.push(positionEvent(order.inst, holding.position), balanceEvent(holding.cash));
  return { events, changed: [order], replayed: true };
}

// The cancel of a stored order that ended unfilled. The placing request asked for it only when the
// order could not stay open (market, IOC, FOK): a resting or waiting order was ended by a later op or event.
function storedEndEvents(order: OrderRecord, reason: string | null, requestId: OrderPlaceRequest['id']): OrderEvent[] {
  const cancelReason = Object.values(CANCEL_REASONS).find((known) => known === reason);
  if (order.status !== 'cancelled' || cancelReason === undefined) return [];
  return [cancelledEvent(order, cancelReason, isLeftOpenByPlace(order) ? undefined : requestId)];
}

function duplicateEvent(request: OrderPlaceRequest): OrderRejectedEvent {
  const message = `clientOrderId ${request.clientOrderId} was already used for a different order`;
  return rejectedEvent(request, { code: REJECT_CODES.DUPLICATE_CLIENT_ORDER_ID, message });
}

// A new order with the id and time its insert returned.
function identified(order: OrderRecord, stored: StoredOrders): OrderRecord {
  const where = ensureDefined(stored.orders.get(newOrderKey(order.userId, order.clientOrderId)), `the stored order ${order.clientOrderId}`);
  return { ...order, id: where.id, createdAtMs: where.createdAtMs };
}
