// Reads and writes of an order already stored, inside the engine's transaction (after lib/accounts'
// row lock): its holding, and its fills with their effects on the order, the position and the cash.
import type { Tx } from '../../lib/accounts/account-lock.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { Prisma, type OrderStatus } from '../../lib/generated/prisma/client.ts';
import { updateCashSql, upsertPositionsSql } from './account-writes.ts';
import { storedLots, type OrderRecord, type StoredDecimal } from './order-record.ts';

/** A position row's stored decimals (Prisma returns NUMERIC as a Decimal). */
interface StoredPositionRow {
  quantity: StoredDecimal;
  avgCost: StoredDecimal;
  realizedPnl: StoredDecimal;
}

/** The account's holding in one instrument (flat when it never traded it). */
export async function loadPosition(tx: Tx, userId: string, inst: Instrument): Promise<PositionState> {
  return toPosition(await tx.position.findUnique({ where: { userId_symbol: { userId, symbol: inst.symbol } } }), inst);
}

/** A stored position row in the engine's units (flat when there is none). */
function toPosition(row: StoredPositionRow | null, inst: Instrument): PositionState {
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
    ), p AS (${upsertPositionsSql([{ userId, inst, position }])}), u AS (${updateCashSql([{ userId, cash }])})
    INSERT INTO fills (order_id, user_id, symbol, side, price, quantity, fee) VALUES ${values}
    RETURNING id, created_at AS "createdAt"`;
  // Ids come from one sequence in the order the rows were inserted.
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
