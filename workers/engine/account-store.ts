// Reads and writes of an account inside the engine's transaction (after lib/accounts' row lock): cash, positions, and
// what open orders hold back.
import type { StoredPositionRow, Tx } from '../../lib/accounts/account-lock.ts';
import { lotsToSize } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { Prisma, type OrderStatus } from '../../lib/generated/prisma/client.ts';
import { OPEN_STATUSES, toOrderRecord, storedLots, type OrderRecord } from './order-record.ts';
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

/** One fill to store, in stored decimals. */
export interface FillRow {
  price: string;
  quantity: string;
  fee: string;
}

/**
 * Stores the order's fills, its new totals, the holding (a flat one keeps its row, so realized P&L
 * stays on record) and the cash in one statement; returns the fills' ids and times in `fills` order.
 */
export async function saveFillEffects(
  tx: Tx,
  order: OrderRecord,
  totals: OrderTotals,
  position: PositionState,
  cash: Money,
  fills: readonly FillRow[],
): Promise<{ id: bigint; createdAt: Date }[]> {
  const { inst, userId } = order;
  const [quantity, avgCost, realizedPnl] = [lotsToSize(position.lots, inst), formatMoney(position.avgCost), formatMoney(position.realizedPnl)];
  const values = Prisma.join(
    fills.map(
      (fill) =>
        Prisma.sql`(${order.id}, ${userId}::uuid, ${inst.symbol}, ${order.side}::"OrderSide", ${fill.price}::numeric, ${fill.quantity}::numeric, ${fill.fee}::numeric)`,
    ),
  );
  const rows = await tx.$queryRaw<{ id: bigint; createdAt: Date }[]>`
    WITH o AS (
      UPDATE orders SET filled_qty = ${totals.filledQty}::numeric, avg_price = ${totals.avgPrice}::numeric,
        status = ${totals.status}::"OrderStatus", reason = ${totals.reason}, updated_at = now()
      WHERE id = ${order.id}
    ), p AS (
      INSERT INTO positions (user_id, symbol, quantity, avg_cost, realized_pnl)
      VALUES (${userId}::uuid, ${inst.symbol}, ${quantity}::numeric, ${avgCost}::numeric, ${realizedPnl}::numeric)
      ON CONFLICT (user_id, symbol) DO UPDATE SET quantity = EXCLUDED.quantity, avg_cost = EXCLUDED.avg_cost, realized_pnl = EXCLUDED.realized_pnl
    ), u AS (
      UPDATE users SET cash = ${formatMoney(cash)}::numeric WHERE id = ${userId}::uuid
    )
    INSERT INTO fills (order_id, user_id, symbol, side, price, quantity, fee) VALUES ${values}
    RETURNING id, created_at AS "createdAt"`;
  // Ids come from one sequence in the order the rows were inserted.
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
