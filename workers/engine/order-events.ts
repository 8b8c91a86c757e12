// Builds the wire events the engine publishes on a user's channel from its records.
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from '../../lib/market/units.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import type { CancelReason, OrderCancelAllRequest, OrderRequest } from '../../lib/protocol/orders.ts';
import type {
  OrderAcceptedEvent, OrderAmendedEvent, OrderCancelAllDoneEvent, OrderCancelledEvent, OrderFilledEvent, OrderRejectedEvent, OrderTerms, OrderTriggeredEvent, PositionEvent,
} from '../../lib/protocol/order-events.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import type { Liquidity } from './fees.ts';
import { averagePrice, exactNotional, formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { storedLots, storedTicks, type OrderRecord, type StoredDecimal } from './order-record.ts';
import type { PositionState } from '../../lib/accounts/position.ts';
import type { Rejection } from './rejection.ts';

type RequestId = string | number | undefined;

/** The acceptance, built only from the order's terms as placed, so every retry gets the same one. */
export function acceptedEvent(order: OrderRecord, requestId: RequestId): OrderAcceptedEvent {
  const placed = { ...order, lots: order.placedLots, priceTicks: order.placedPriceTicks };
  return { type: 'order.accepted', ...(requestId === undefined ? {} : { requestId }), ...orderTerms(placed), ts: order.createdAtMs };
}

/** The answer to an amend: the order's terms and filled quantity now. */
export function amendedEvent(order: OrderRecord, requestId: RequestId, keptPriority: boolean): OrderAmendedEvent {
  const filledQty = lotsToSize(order.filledLots, order.inst);
  return { type: 'order.amended', ...(requestId === undefined ? {} : { requestId }), ...orderTerms(order), filledQty, keptPriority, ts: Date.now() };
}

/** A stop order's trigger by a trade at `lastTicks`. */
export function triggeredEvent(order: OrderRecord, lastTicks: Ticks): OrderTriggeredEvent {
  const { inst } = order;
  const stopPrice = ticksToPrice(ensureDefined(order.stopTicks ?? undefined, `the stop price of order ${order.id}`), inst);
  return { type: 'order.triggered', orderId: order.id.toString(), clientOrderId: order.clientOrderId, symbol: inst.symbol, stopPrice, lastPrice: ticksToPrice(lastTicks, inst), ts: Date.now() };
}

function orderTerms(order: OrderRecord): OrderTerms {
  const { inst } = order;
  return {
    orderId: order.id.toString(),
    clientOrderId: order.clientOrderId,
    symbol: inst.symbol,
    side: order.side,
    orderType: order.type,
    timeInForce: order.timeInForce,
    quantity: lotsToSize(order.lots, inst),
    price: order.priceTicks === null ? null : ticksToPrice(order.priceTicks, inst),
    stopPrice: order.stopTicks === null ? null : ticksToPrice(order.stopTicks, inst),
    postOnly: order.postOnly,
  };
}

/** A refusal of `request`; nothing changed. */
export function rejectedEvent(request: OrderRequest, rejection: Rejection): OrderRejectedEvent {
  return {
    type: 'order.rejected',
    ...(request.id === undefined ? {} : { requestId: request.id }),
    op: request.op,
    code: rejection.code,
    message: rejection.message,
    ...('clientOrderId' in request && request.clientOrderId !== undefined ? { clientOrderId: request.clientOrderId } : {}),
    ...('orderId' in request && request.orderId !== undefined ? { orderId: request.orderId } : {}),
    ...('symbol' in request ? { symbol: request.symbol } : {}),
    ts: Date.now(),
  };
}

/** What one fill did, with the order's totals after it. */
export interface FillFacts {
  fillId: bigint;
  priceTicks: Ticks;
  lots: Lots;
  fee: Money;
  liquidity: Liquidity;
  avgPrice: Money;
  ts: number;
}

/** One execution of `order` (whose filledLots and status are already after it). */
export function filledEvent(order: OrderRecord, fill: FillFacts): OrderFilledEvent {
  const { inst } = order;
  return {
    type: 'order.filled',
    orderId: order.id.toString(),
    clientOrderId: order.clientOrderId,
    symbol: inst.symbol,
    side: order.side,
    fillId: fill.fillId.toString(),
    price: ticksToPrice(fill.priceTicks, inst),
    size: lotsToSize(fill.lots, inst),
    fee: formatMoney(fill.fee),
    liquidity: fill.liquidity,
    filledQty: lotsToSize(order.filledLots, inst),
    avgPrice: formatMoney(fill.avgPrice),
    status: order.filledLots === order.lots ? 'filled' : 'partially_filled',
    ts: fill.ts,
  };
}

/** The fields of a stored fill row its event is built from. */
export interface StoredFill {
  id: bigint;
  price: StoredDecimal;
  quantity: StoredDecimal;
  fee: StoredDecimal;
  createdAt: Date;
}

/**
 * The `order.filled` of each stored fill of `order` (oldest first), as first published: each with the
 * order's totals right after it. Fills stored with the order share its created_at (one statement, one
 * now()) and took liquidity on arrival; a later one filled the order resting.
 */
export function storedFillEvents(order: OrderRecord, fills: readonly StoredFill[]): OrderFilledEvent[] {
  const { inst } = order;
  let filledLots = ZERO_LOTS;
  let notional = 0n;
  return fills.map((fill) => {
    const priceTicks = storedTicks(fill.price, inst);
    const lots = storedLots(fill.quantity, inst);
    filledLots = asLots(filledLots + lots);
    notional += exactNotional(priceTicks, lots, inst).value;
    const ts = fill.createdAt.getTime();
    const facts = { fillId: fill.id, priceTicks, lots, fee: parseMoney(fill.fee.toFixed(8)), avgPrice: averagePrice(notional, filledLots, inst), ts };
    return filledEvent({ ...order, filledLots }, { ...facts, liquidity: ts === order.createdAtMs ? 'taker' : 'maker' });
  });
}

/** The end of an order that did not fill completely. */
export function cancelledEvent(order: OrderRecord, reason: CancelReason, requestId: RequestId): OrderCancelledEvent {
  return {
    type: 'order.cancelled',
    ...(requestId === undefined ? {} : { requestId }),
    orderId: order.id.toString(),
    clientOrderId: order.clientOrderId,
    symbol: order.inst.symbol,
    reason,
    filledQty: lotsToSize(order.filledLots, order.inst),
    ts: Date.now(),
  };
}

/** The acknowledgement of a cancelAll, sent even when nothing was open so the request always gets an answer. */
export function cancelAllDoneEvent(request: OrderCancelAllRequest, cancelled: number): OrderCancelAllDoneEvent {
  return { type: 'order.cancelAll.done', ...(request.id === undefined ? {} : { requestId: request.id }), symbol: request.symbol, cancelled, ts: Date.now() };
}

/** A holding after a change. */
export function positionEvent(inst: Instrument, position: PositionState): PositionEvent {
  return {
    type: 'position',
    symbol: inst.symbol,
    quantity: lotsToSize(position.lots, inst),
    avgCost: formatMoney(position.avgCost),
    realizedPnl: formatMoney(position.realizedPnl),
    ts: Date.now(),
  };
}

