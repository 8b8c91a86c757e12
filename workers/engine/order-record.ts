// A stored order in the engine's integer units, converted once from the Prisma row.
import type { Order, OrderStatus } from '../../lib/generated/prisma/client.ts';
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { asLots, type Lots, type Ticks } from '../../lib/market/units.ts';
import { isStopType, type OrderType, type TimeInForce } from '../../lib/protocol/orders.ts';

/** A decimal value as stored (Prisma.Decimal or anything with toFixed). */
export interface StoredDecimal {
  toFixed(decimals: number): string;
}

/** An order with its sizes in lots and its price in ticks. */
export interface OrderRecord {
  id: bigint;
  userId: string;
  clientOrderId: string;
  inst: Instrument;
  side: 'buy' | 'sell';
  type: OrderType;
  timeInForce: TimeInForce;
  lots: Lots;
  /** The limit; a stop-market's protection price; null for market orders. */
  priceTicks: Ticks | null;
  stopTicks: Ticks | null;
  postOnly: boolean;
  /** Whether a stop order has triggered (always false for the other types). */
  isTriggered: boolean;
  /** The quantity and price as placed, before any amend. */
  placedLots: Lots;
  placedPriceTicks: Ticks | null;
  filledLots: Lots;
  status: OrderStatus;
  createdAtMs: number;
}

/** Statuses of an order that can still fill. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['open', 'partially_filled'];

/** A stored size in lots; stored sizes are always on the grid, so failing is a broken invariant. */
export function storedLots(value: StoredDecimal, inst: Instrument): Lots {
  return ensureDefined(sizeToLots(value.toFixed(inst.sizePrecision), inst) ?? undefined, `${inst.symbol} stored size in lots`);
}

/** A stored price in ticks. */
export function storedTicks(value: StoredDecimal, inst: Instrument): Ticks {
  return ensureDefined(priceToTicks(value.toFixed(inst.pricePrecision), inst) ?? undefined, `${inst.symbol} stored price in ticks`);
}

/** Converts a Prisma order row. */
export function toOrderRecord(row: Order): OrderRecord {
  const inst = ensureDefined(getInstrument(row.symbol), `instrument ${row.symbol}`);
  const lots = storedLots(row.quantity, inst);
  const priceTicks = row.price === null ? null : storedTicks(row.price, inst);
  return {
    id: row.id,
    userId: row.userId,
    clientOrderId: row.clientOrderId,
    inst,
    side: row.side,
    type: row.type,
    timeInForce: row.timeInForce,
    lots,
    priceTicks,
    stopTicks: row.stopPrice === null ? null : storedTicks(row.stopPrice, inst),
    postOnly: row.postOnly,
    isTriggered: row.triggeredAt !== null,
    placedLots: row.placedQuantity === null ? lots : storedLots(row.placedQuantity, inst),
    placedPriceTicks: row.placedPrice === null ? priceTicks : storedTicks(row.placedPrice, inst),
    filledLots: storedLots(row.filledQty, inst),
    status: row.status,
    createdAtMs: row.createdAt.getTime(),
  };
}

/** Lots of an order not yet filled. */
export function unfilledLots(order: Pick<OrderRecord, 'lots' | 'filledLots'>): Lots {
  return asLots(order.lots - order.filledLots);
}

/** Whether the order is a limit order waiting on the book (a stop-limit once triggered is one). */
export function isResting(record: Pick<OrderRecord, 'type' | 'isTriggered' | 'status'>): boolean {
  const isLimit = record.type === 'limit' || (record.type === 'stop_limit' && record.isTriggered);
  return isLimit && OPEN_STATUSES.includes(record.status);
}

/** Whether placing the order may leave it open (a GTC limit rests, a stop waits); otherwise its placement cancelled what it did not fill. */
export function isLeftOpenByPlace(record: Pick<OrderRecord, 'type' | 'timeInForce'>): boolean {
  return isStopType(record.type) || (record.type === 'limit' && record.timeInForce === 'GTC');
}

/** Whether the order is a stop order waiting for its trigger. */
export function isWaitingStop(record: Pick<OrderRecord, 'type' | 'isTriggered' | 'status'>): boolean {
  return isStopType(record.type) && !record.isTriggered && OPEN_STATUSES.includes(record.status);
}
