// Reads and writes of an account inside the engine's transaction (after lib/accounts' row lock): cash, positions, and
// what open orders hold back.
import type { StoredPositionRow, Tx } from '../../lib/accounts/account-lock.ts';
import { lotsToSize } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import type { OrderStatus } from '../../lib/generated/prisma/client.ts';
import { OPEN_STATUSES, toOrderRecord, storedLots } from './order-record.ts';
import type { AccountView } from './plan-order.ts';
import { buyReservation } from './reservation.ts';

/** The account's holding in one instrument (flat when it never traded it). */
export async function loadPosition(tx: Tx, userId: string, inst: Instrument): Promise<PositionState> {
  return toPosition(await tx.position.findUnique({ where: { userId_symbol: { userId, symbol: inst.symbol } } }), inst);
}

/** A stored position row in the engine's units (flat when there is none). */
export function toPosition(row: StoredPositionRow | null, inst: Instrument): PositionState {
  if (row === null) return FLAT_POSITION;
  return { lots: storedLots(row.quantity, inst), avgCost: parseMoney(row.avgCost.toFixed(8)), realizedPnl: parseMoney(row.realizedPnl.toFixed(8)) };
}

/** An order's totals after a fill (or its end). */
export interface OrderTotals {
  filledQty: string;
  avgPrice: string | null;
  status: OrderStatus;
  reason: string | null;
}

/** Stores an order's new totals, the holding (a flat one keeps its row, so realized P&L stays on record) and the cash in one statement. */
export async function saveFillEffects(tx: Tx, orderId: bigint, totals: OrderTotals, userId: string, inst: Instrument, position: PositionState, cash: Money): Promise<void> {
  const [quantity, avgCost, realizedPnl] = [lotsToSize(position.lots, inst), formatMoney(position.avgCost), formatMoney(position.realizedPnl)];
  await tx.$executeRaw`
    WITH o AS (
      UPDATE orders SET filled_qty = ${totals.filledQty}::numeric, avg_price = ${totals.avgPrice}::numeric,
        status = ${totals.status}::"OrderStatus", reason = ${totals.reason}, updated_at = now()
      WHERE id = ${orderId}
    ), p AS (
      INSERT INTO positions (user_id, symbol, quantity, avg_cost, realized_pnl)
      VALUES (${userId}::uuid, ${inst.symbol}, ${quantity}::numeric, ${avgCost}::numeric, ${realizedPnl}::numeric)
      ON CONFLICT (user_id, symbol) DO UPDATE SET quantity = EXCLUDED.quantity, avg_cost = EXCLUDED.avg_cost, realized_pnl = EXCLUDED.realized_pnl
    )
    UPDATE users SET cash = ${formatMoney(cash)}::numeric WHERE id = ${userId}::uuid`;
}

/** What the account can spend and sell in `inst` (holding `position`), net of its open orders. */
export async function loadAccountView(tx: Tx, userId: string, inst: Instrument, cash: Money, position: PositionState): Promise<AccountView & { position: PositionState }> {
  const open = await tx.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } } });
  let reservedCash = 0n;
  let reservedLots = 0;
  for (const row of open) {
    const order = toOrderRecord(row);
    const remainingLots = order.lots - order.filledLots;
    if (order.side === 'buy' && order.priceTicks !== null) reservedCash += buyReservation(order.priceTicks, remainingLots, order.inst);
    if (order.side === 'sell' && order.inst.symbol === inst.symbol) reservedLots += remainingLots;
  }
  return { cash, reservedCash, positionLots: position.lots, reservedLots, openOrders: open.length, position };
}
