// A stored order in the engine's integer units, converted once from the Prisma row.
import type { Order, OrderStatus } from '../../lib/generated/prisma/client.ts';
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { asLots, type Lots, type Ticks } from '../../lib/market/units.ts';

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
  type: 'market' | 'limit';
  timeInForce: 'GTC' | 'IOC';
  lots: Lots;
  priceTicks: Ticks | null;
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
  return {
    id: row.id,
    userId: row.userId,
    clientOrderId: row.clientOrderId,
    inst,
    side: row.side,
    type: row.type,
    timeInForce: row.timeInForce,
    lots: storedLots(row.quantity, inst),
    priceTicks: row.price === null ? null : storedTicks(row.price, inst),
    filledLots: storedLots(row.filledQty, inst),
    status: row.status,
    createdAtMs: row.createdAt.getTime(),
  };
}

/** Lots of an order not yet filled. */
export function unfilledLots(order: Pick<OrderRecord, 'lots' | 'filledLots'>): Lots {
  return asLots(order.lots - order.filledLots);
}

/** Whether the order is a limit order waiting on the book. */
export function isResting(record: OrderRecord): boolean {
  return record.type === 'limit' && OPEN_STATUSES.includes(record.status);
}
