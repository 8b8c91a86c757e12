// Reads and writes of an account inside the engine's transaction (after lib/accounts' row lock): cash, positions, and
// what open orders hold back.
import { UnknownAccountError, type Tx } from '../../lib/accounts/account-lock.ts';
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { Prisma, type OrderStatus } from '../../lib/generated/prisma/client.ts';
import { OPEN_STATUSES, storedLots, storedTicks, type OrderRecord, type StoredDecimal } from './order-record.ts';
import type { AccountView } from './plan-order.ts';
import { buyReservation } from './reservation.ts';

/** A position row's stored decimals (Prisma returns NUMERIC as a Decimal). */
export interface StoredPositionRow {
  quantity: StoredDecimal;
  avgCost: StoredDecimal;
  realizedPnl: StoredDecimal;
}

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
    ), ${accountEffects(userId, inst, position, cash)}
    INSERT INTO fills (order_id, user_id, symbol, side, price, quantity, fee) VALUES ${values}
    RETURNING id, created_at AS "createdAt"`;
  // Ids come from one sequence in the order the rows were inserted.
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A new order's fills and what they did to the account. */
export interface FillEffects {
  position: PositionState;
  cash: Money;
  fills: readonly FillRow[];
}

/**
 * Inserts a new order (its id still 0n) with its totals and, when it filled, its fills, the holding
 * and the cash, in one statement; returns the order's id and time and the fills' ids in `fills` order.
 */
export async function insertOrder(tx: Tx, order: OrderRecord, totals: OrderTotals, effects: FillEffects | undefined): Promise<{ id: bigint; createdAt: Date; fillIds: bigint[] }> {
  const { inst, userId } = order;
  const insert = Prisma.sql`
    INSERT INTO orders (user_id, client_order_id, symbol, side, type, time_in_force, quantity, price, filled_qty, avg_price, status, reason, updated_at)
    VALUES (${userId}::uuid, ${order.clientOrderId}, ${inst.symbol}, ${order.side}::"OrderSide", ${order.type}::"OrderType", ${order.timeInForce}::"TimeInForce",
      ${lotsToSize(order.lots, inst)}::numeric, ${order.priceTicks === null ? null : ticksToPrice(order.priceTicks, inst)}::numeric,
      ${totals.filledQty}::numeric, ${totals.avgPrice}::numeric, ${totals.status}::"OrderStatus", ${totals.reason}, now())
    RETURNING id, created_at`;
  if (effects === undefined) {
    const [row] = await tx.$queryRaw<{ id: bigint; created_at: Date }[]>(insert);
    if (row === undefined) throw new Error(`order ${order.clientOrderId} was not stored`);
    return { id: row.id, createdAt: row.created_at, fillIds: [] };
  }
  const { position, cash, fills } = effects;
  const values = Prisma.join(fills.map((fill) => Prisma.sql`(${fill.price}::numeric, ${fill.quantity}::numeric, ${fill.fee}::numeric)`));
  const [row] = await tx.$queryRaw<{ id: bigint; created_at: Date; fill_ids: string[] }[]>`
    WITH o AS (${insert}), f AS (
      INSERT INTO fills (order_id, user_id, symbol, side, price, quantity, fee)
      SELECT o.id, ${userId}::uuid, ${inst.symbol}, ${order.side}::"OrderSide", v.price, v.quantity, v.fee
      FROM o CROSS JOIN (VALUES ${values}) AS v (price, quantity, fee)
      RETURNING id
    ), ${accountEffects(userId, inst, position, cash)}
    SELECT o.id, o.created_at, (SELECT coalesce(json_agg(f.id::text ORDER BY f.id), '[]'::json) FROM f) AS fill_ids FROM o`;
  if (row === undefined) throw new Error(`order ${order.clientOrderId} was not stored`);
  // Fill ids come from one sequence in the order the rows were inserted (the VALUES order).
  return { id: row.id, createdAt: row.created_at, fillIds: row.fill_ids.map((id) => BigInt(id)) };
}

// Two CTEs (p, u) that store the holding (a flat one keeps its row, so realized P&L stays on record) and the cash.
function accountEffects(userId: string, inst: Instrument, position: PositionState, cash: Money): Prisma.Sql {
  return Prisma.sql`p AS (
      INSERT INTO positions (user_id, symbol, quantity, avg_cost, realized_pnl)
      VALUES (${userId}::uuid, ${inst.symbol}, ${lotsToSize(position.lots, inst)}::numeric, ${formatMoney(position.avgCost)}::numeric, ${formatMoney(position.realizedPnl)}::numeric)
      ON CONFLICT (user_id, symbol) DO UPDATE SET quantity = EXCLUDED.quantity, avg_cost = EXCLUDED.avg_cost, realized_pnl = EXCLUDED.realized_pnl
    ), u AS (
      UPDATE users SET cash = ${formatMoney(cash)}::numeric WHERE id = ${userId}::uuid
    )`;
}

/** An open order's terms as the account read returns them (stored decimals as text). */
interface OpenOrderTerms {
  symbol: string;
  side: 'buy' | 'sell';
  price: string | null;
  quantity: string;
  filledQty: string;
}

/** What placing an order reads of the account, in one statement. */
export interface OrderAccount {
  cash: Money;
  /** The user's order with the request's client order id, if there is one. */
  existingOrderId: bigint | null;
  /** The position row in the order's symbol, if there is one. */
  position: StoredPositionRow | null;
  open: OpenOrderTerms[];
}

/**
 * Reads the cash, the order already placed under `clientOrderId`, the position in `symbol` and the open
 * orders of an account the transaction has locked (lockAccounts, in an earlier statement, so this
 * read sees every write committed before the lock). Throws UnknownAccountError for no such user.
 */
export async function readOrderAccount(tx: Tx, userId: string, clientOrderId: string, symbol: string): Promise<OrderAccount> {
  const rows = await tx.$queryRaw<({ cash: string; existing: bigint | null; open: OpenOrderTerms[] } & { [K in keyof StoredPositionRow]: StoredPositionRow[K] | null })[]>`
    SELECT u.cash::text AS cash,
      (SELECT o.id FROM orders o WHERE o.user_id = u.id AND o.client_order_id = ${clientOrderId}) AS existing,
      p.quantity, p.avg_cost AS "avgCost", p.realized_pnl AS "realizedPnl",
      (SELECT coalesce(json_agg(json_build_object('symbol', r.symbol, 'side', r.side, 'price', r.price::text,
          'quantity', r.quantity::text, 'filledQty', r.filled_qty::text)), '[]'::json)
        FROM orders r WHERE r.user_id = u.id AND r.status IN (${Prisma.join(OPEN_STATUSES.map((status) => Prisma.sql`${status}::"OrderStatus"`))})) AS open
    FROM users u
    LEFT JOIN positions p ON p.user_id = u.id AND p.symbol = ${symbol}
    WHERE u.id = ${userId}::uuid`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  const { quantity, avgCost, realizedPnl } = row;
  const position = quantity === null || avgCost === null || realizedPnl === null ? null : { quantity, avgCost, realizedPnl };
  return { cash: parseMoney(row.cash), existingOrderId: row.existing, position, open: row.open };
}

/** What the account can spend and sell in `inst` (holding `position`), net of what its open orders hold back. */
export function accountView(account: OrderAccount, inst: Instrument, position: PositionState): AccountView {
  let reservedCash = 0n;
  let reservedLots = 0;
  for (const order of account.open) {
    const orderInst = ensureDefined(getInstrument(order.symbol), `instrument ${order.symbol}`);
    const remainingLots = storedLots(decimalText(order.quantity), orderInst) - storedLots(decimalText(order.filledQty), orderInst);
    if (order.side === 'buy' && order.price !== null) reservedCash += buyReservation(storedTicks(decimalText(order.price), orderInst), remainingLots, orderInst);
    if (order.side === 'sell' && order.symbol === inst.symbol) reservedLots += remainingLots;
  }
  return { cash: account.cash, reservedCash, positionLots: position.lots, reservedLots, openOrders: account.open.length };
}

// NUMERIC text from PostgreSQL, as the decimal the stored-unit converters take.
function decimalText(text: string): StoredDecimal {
  return { toFixed: (decimals) => new Prisma.Decimal(text).toFixed(decimals) };
}
