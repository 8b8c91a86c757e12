// The accounts a run of new orders touches, read in one statement and written back in one: every
// order of the run is decided in memory against these, in arrival order, so the run costs two round
// trips whether it holds one order or sixty. The read takes no lock; the write happens only if no
// account it touches changed since (optimistic concurrency on users.version), or not at all.
import { UnknownAccountError, type Tx } from '../../lib/accounts/account-lock.ts';
import { formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from '../../lib/market/units.ts';
import { asFencedError, assertFenceSql, type Fence } from '../../lib/leadership/fence.ts';
import { sqlState } from '../../lib/db/sql-state.ts';
import { Prisma } from '../../lib/generated/prisma/client.ts';
import type { FillRow, OrderTotals } from './account-store.ts';
import { upsertPositionsSql } from './account-writes.ts';
import { OPEN_STATUSES, storedLots, storedTicks, unfilledLots, type OrderRecord } from './order-record.ts';
import type { AccountView } from './plan-order.ts';
import { buyReservation } from './reservation.ts';

/** What an open order holds back. */
export interface OpenOrder {
  inst: Instrument;
  side: 'buy' | 'sell';
  priceTicks: Ticks | null;
  remainingLots: Lots;
}

/** One account as the run sees it: read once, then changed in memory by each order decided. */
export interface AccountState {
  userId: string;
  /** users.version when read; the write requires it unchanged. */
  version: number;
  cash: Money;
  positions: Map<string, PositionState>;
  open: OpenOrder[];
  /** Stored orders of this user under the run's client order ids. */
  storedOrderIds: Map<string, bigint>;
  /** Symbols whose position the run changed (written back with the cash). */
  changedSymbols: Set<string>;
}

/** What the account can spend and sell in `inst`, net of what its open orders hold back. */
export function accountView(account: AccountState, inst: Instrument): AccountView {
  let reservedCash = 0n;
  let reservedLots = ZERO_LOTS;
  for (const order of account.open) {
    if (order.side === 'buy' && order.priceTicks !== null) reservedCash += buyReservation(order.priceTicks, order.remainingLots, order.inst);
    if (order.side === 'sell' && order.inst.symbol === inst.symbol) reservedLots = asLots(reservedLots + order.remainingLots);
  }
  const positionLots = (account.positions.get(inst.symbol) ?? FLAT_POSITION).lots;
  return { cash: account.cash, reservedCash, positionLots, reservedLots, openOrders: account.open.length };
}

interface AccountRow {
  userId: string;
  version: number;
  cash: string;
  positions: { symbol: string; quantity: string; avgCost: string; realizedPnl: string }[];
  open: { symbol: string; side: 'buy' | 'sell'; price: string | null; quantity: string; filledQty: string }[];
  stored: { clientOrderId: string; id: string }[];
}

/** What the batch statements need: a client or a transaction's client. */
type Sql = Pick<Tx, '$queryRaw'>;

/**
 * Reads version, cash, positions, open orders and the orders stored under `clientOrderIds` of every
 * user in `userIds`, without locking them. Throws UnknownAccountError when a user does not exist.
 */
export async function readAccounts(db: Sql, userIds: readonly string[], clientOrderIds: readonly string[]): Promise<Map<string, AccountState>> {
  const ids = Prisma.join(userIds.map((id) => Prisma.sql`${id}::uuid`));
  const open = Prisma.join(OPEN_STATUSES.map((status) => Prisma.sql`${status}::"OrderStatus"`));
  const rows = await db.$queryRaw<AccountRow[]>`
    SELECT u.id::text AS "userId", u.version, u.cash::text AS cash,
      (SELECT coalesce(json_agg(json_build_object('symbol', p.symbol, 'quantity', p.quantity::text,
          'avgCost', p.avg_cost::text, 'realizedPnl', p.realized_pnl::text)), '[]'::json)
        FROM positions p WHERE p.user_id = u.id) AS positions,
      (SELECT coalesce(json_agg(json_build_object('symbol', r.symbol, 'side', r.side, 'price', r.price::text,
          'quantity', r.quantity::text, 'filledQty', r.filled_qty::text)), '[]'::json)
        FROM orders r WHERE r.user_id = u.id AND r.status IN (${open})) AS open,
      (SELECT coalesce(json_agg(json_build_object('clientOrderId', o.client_order_id, 'id', o.id::text)), '[]'::json)
        FROM orders o WHERE o.user_id = u.id AND o.client_order_id IN (${Prisma.join([...new Set(clientOrderIds)])})) AS stored
    FROM users u WHERE u.id IN (${ids})`;
  const accounts = new Map(rows.map((row) => [row.userId, toAccountState(row)]));
  for (const userId of userIds) if (!accounts.has(userId)) throw new UnknownAccountError(`no user ${userId}`);
  return accounts;
}

function toAccountState(row: AccountRow): AccountState {
  const positions = new Map<string, PositionState>();
  for (const p of row.positions) {
    const inst = instrumentOf(p.symbol);
    positions.set(p.symbol, { lots: storedLots(new Prisma.Decimal(p.quantity), inst), avgCost: parseMoney(p.avgCost), realizedPnl: parseMoney(p.realizedPnl) });
  }
  const open = row.open.map((o): OpenOrder => {
    const inst = instrumentOf(o.symbol);
    const remainingLots = unfilledLots({ lots: storedLots(new Prisma.Decimal(o.quantity), inst), filledLots: storedLots(new Prisma.Decimal(o.filledQty), inst) });
    return { inst, side: o.side, priceTicks: o.price === null ? null : storedTicks(new Prisma.Decimal(o.price), inst), remainingLots };
  });
  const storedOrderIds = new Map(row.stored.map((s) => [s.clientOrderId, BigInt(s.id)]));
  return { userId: row.userId, version: row.version, cash: parseMoney(row.cash), positions, open, storedOrderIds, changedSymbols: new Set() };
}

/** A new order decided in memory: its terms (id 0n), totals and fill rows. */
export interface NewOrder {
  order: OrderRecord;
  totals: OrderTotals;
  fills: readonly FillRow[];
}

/** Where the run's new orders were stored. */
export interface StoredOrders {
  /** Id and creation time by `${userId} ${clientOrderId}`. */
  orders: Map<string, { id: bigint; createdAtMs: number }>;
  /** Fill ids of each order, by order id, in the order of its fill rows. */
  fillIds: Map<bigint, bigint[]>;
}

/** The key of a new order in StoredOrders.orders. */
export const newOrderKey = (userId: string, clientOrderId: string): string => `${userId} ${clientOrderId}`;

/** The write found an account changed since it was read (a reset): nothing was written; decide again. */
export class AccountChangedError extends Error {
  override readonly name = 'AccountChangedError';
}

/**
 * Inserts the run's new orders and their fills, and writes back the positions and cash of `accounts`,
 * in one statement, provided every account with a new order is still at the version read; otherwise
 * writes nothing and throws AccountChangedError.
 */
export async function writeOrders(db: Sql, newOrders: readonly NewOrder[], accounts: ReadonlyMap<string, AccountState>, fence?: Fence): Promise<StoredOrders> {
  const stored: StoredOrders = { orders: new Map(), fillIds: new Map() };
  if (newOrders.length === 0) return stored;
  const ordering = [...new Set(newOrders.map((n) => n.order.userId))].map((userId) => ensureDefined(accounts.get(userId), `account ${userId}`));
  // `unchanged` reads all of u, so every account row is locked and checked before any other table is
  // touched: the same lock order as a reset (users first), so the two cannot deadlock.
  const unchanged = Prisma.sql`(SELECT unchanged FROM ok)`;
  const parts = [
    Prisma.sql`u AS (${claimAccountsSql(ordering)})`,
    Prisma.sql`ok AS (SELECT count(*) = ${ordering.length} AS unchanged FROM u)`,
    Prisma.sql`o AS (${insertOrdersSql(newOrders, unchanged)})`,
  ];
  const fills = newOrders.flatMap(({ order, fills: rows }) => rows.map((fill, n) => ({ order, fill, n })));
  if (fills.length > 0) parts.push(Prisma.sql`f AS (${insertFillsSql(fills)})`);
  const positions = ordering.flatMap((account) => [...account.changedSymbols].map((symbol) => ({ userId: account.userId, inst: instrumentOf(symbol), position: account.positions.get(symbol) ?? FLAT_POSITION })));
  if (positions.length > 0) parts.push(Prisma.sql`p AS (${upsertPositionsSql(positions, unchanged)})`);
  const fillsJson = fills.length > 0
    ? Prisma.sql`(SELECT json_agg(json_build_object('id', f.id::text, 'orderId', f.order_id::text) ORDER BY f.id) FROM f)`
    : Prisma.sql`'[]'::json`;
  let rows: { orders: { id: string; userId: string; clientOrderId: string; createdAt: string }[]; fills: { id: string; orderId: string }[] }[];
  try {
    // Every CTE runs even if unreferenced; the assertions abort all of them when an account moved on,
    // or when a newer engine raised the fence (a paused old leader woke up).
    rows = await db.$queryRaw`
    WITH ${Prisma.join(parts, ', ')}
    SELECT tickwire_assert_unchanged(${unchanged}) AS unchanged, ${fence === undefined ? Prisma.sql`TRUE` : assertFenceSql(fence)} AS fenced,
      (SELECT json_agg(json_build_object('id', o.id::text, 'userId', o.user_id::text, 'clientOrderId', o.client_order_id, 'createdAt', o.created_at)) FROM o) AS orders,
      ${fillsJson} AS fills`;
  } catch (error) {
    if (isSerializationFailure(error)) throw new AccountChangedError('an account changed since the engine read it');
    throw asFencedError(error);
  }
  const [row] = rows;
  if (row === undefined || row.orders.length !== newOrders.length) throw new Error('the new orders were not all stored');
  for (const o of row.orders) stored.orders.set(newOrderKey(o.userId, o.clientOrderId), { id: BigInt(o.id), createdAtMs: new Date(o.createdAt).getTime() });
  // Sorted by id: each order's list is in the order of its fill rows.
  for (const f of row.fills) {
    const orderId = BigInt(f.orderId);
    stored.fillIds.set(orderId, [...(stored.fillIds.get(orderId) ?? []), BigInt(f.id)]);
  }
  return stored;
}

// Sets the cash (and bumps the version) of each account, only where the version is still the one read.
function claimAccountsSql(accounts: readonly AccountState[]): Prisma.Sql {
  const values = accounts.map((a) => Prisma.sql`(${a.userId}::uuid, ${formatMoney(a.cash)}::numeric, ${a.version}::int)`);
  return Prisma.sql`UPDATE users SET cash = v.cash, version = users.version + 1
    FROM (VALUES ${Prisma.join(values)}) AS v (id, cash, version)
    WHERE users.id = v.id AND users.version = v.version RETURNING users.id`;
}

function insertOrdersSql(newOrders: readonly NewOrder[], onlyIf: Prisma.Sql): Prisma.Sql {
  const values = newOrders.map(({ order, totals }) => {
    const { inst } = order;
    const price = order.priceTicks === null ? null : ticksToPrice(order.priceTicks, inst);
    const stopPrice = order.stopTicks === null ? null : ticksToPrice(order.stopTicks, inst);
    return Prisma.sql`(${order.userId}::uuid, ${order.clientOrderId}, ${inst.symbol}, ${order.side}::"OrderSide", ${order.type}::"OrderType",
      ${order.timeInForce}::"TimeInForce", ${lotsToSize(order.lots, inst)}::numeric, ${price}::numeric, ${stopPrice}::numeric, ${order.postOnly}::boolean,
      ${totals.filledQty}::numeric, ${totals.avgPrice}::numeric, ${totals.status}::"OrderStatus", ${totals.reason}, now())`;
  });
  return Prisma.sql`INSERT INTO orders (user_id, client_order_id, symbol, side, type, time_in_force, quantity, price, stop_price, post_only, filled_qty, avg_price, status, reason, updated_at)
    SELECT * FROM (VALUES ${Prisma.join(values)}) AS v WHERE ${onlyIf}
    RETURNING id, user_id, client_order_id, symbol, side, created_at`;
}

// Rows are inserted sorted by order and then by their index within the order, so each order's fill
// ids ascend in the order of its fill rows (ids come from one sequence as rows are inserted).
function insertFillsSql(fills: readonly { order: OrderRecord; fill: FillRow; n: number }[]): Prisma.Sql {
  const values = fills.map(({ order, fill, n }) =>
    Prisma.sql`(${order.userId}::uuid, ${order.clientOrderId}, ${n}::int, ${fill.price}::numeric, ${fill.quantity}::numeric, ${fill.fee}::numeric)`);
  return Prisma.sql`INSERT INTO fills (order_id, user_id, symbol, side, price, quantity, fee)
    SELECT o.id, o.user_id, o.symbol, o.side, v.price, v.quantity, v.fee
    FROM (VALUES ${Prisma.join(values)}) AS v (user_id, client_order_id, n, price, quantity, fee)
    JOIN o ON o.user_id = v.user_id AND o.client_order_id = v.client_order_id
    ORDER BY o.id, v.n
    RETURNING id, order_id`;
}

function instrumentOf(symbol: string): Instrument {
  return ensureDefined(getInstrument(symbol), `instrument ${symbol}`);
}

// SQLSTATE 40001, raised by tickwire_assert_unchanged.
function isSerializationFailure(error: unknown): boolean {
  return sqlState(error) === '40001';
}
