// Reads and writes of an account inside the engine's transaction: the row lock, cash, positions, and
// what open orders hold back.
import type { Prisma } from '../../lib/generated/prisma/client.ts';
import { lotsToSize } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { formatMoney, parseMoney, type Money } from './money.ts';
import { OPEN_STATUSES, toOrderRecord, storedLots } from './order-record.ts';
import type { AccountView } from './plan-order.ts';
import { FLAT_POSITION, type PositionState } from './position.ts';
import { buyReservation } from './reservation.ts';

/** An interactive transaction's client. */
export type Tx = Prisma.TransactionClient;

/** The queue named a user that does not exist (deleted since, or a forged entry); the entry is dropped. */
export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
  readonly code = 'UNKNOWN_ACCOUNT';
}

/**
 * Locks the user's row until the transaction ends and returns its cash. Every writer of an account
 * (the engine, a reset) takes this lock first, so their read-modify-writes never interleave.
 */
export async function lockAccount(tx: Tx, userId: string): Promise<Money> {
  const rows = await tx.$queryRaw<{ cash: string }[]>`SELECT cash::text AS cash FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  return parseMoney(row.cash);
}

/** Stores the account's cash. */
export async function saveCash(tx: Tx, userId: string, cash: Money): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { cash: formatMoney(cash) } });
}

/** The account's holding in one instrument (flat when it never traded it). */
export async function loadPosition(tx: Tx, userId: string, inst: Instrument): Promise<PositionState> {
  const row = await tx.position.findUnique({ where: { userId_symbol: { userId, symbol: inst.symbol } } });
  if (row === null) return FLAT_POSITION;
  return { lots: storedLots(row.quantity, inst), avgCost: parseMoney(row.avgCost.toFixed(8)), realizedPnl: parseMoney(row.realizedPnl.toFixed(8)) };
}

/** Stores a holding; a flat one keeps its row so realized P&L stays on record. */
export async function savePosition(tx: Tx, userId: string, inst: Instrument, position: PositionState): Promise<void> {
  const data = { quantity: lotsToSize(position.lots, inst), avgCost: formatMoney(position.avgCost), realizedPnl: formatMoney(position.realizedPnl) };
  await tx.position.upsert({ where: { userId_symbol: { userId, symbol: inst.symbol } }, create: { userId, symbol: inst.symbol, ...data }, update: data });
}

/** What the account can spend and sell in `inst`, net of its open orders. */
export async function loadAccountView(tx: Tx, userId: string, inst: Instrument, cash: Money): Promise<AccountView> {
  const open = await tx.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } } });
  let reservedCash = 0n;
  let reservedLots = 0;
  for (const row of open) {
    const order = toOrderRecord(row);
    const remainingLots = order.lots - order.filledLots;
    if (order.side === 'buy' && order.priceTicks !== null) reservedCash += buyReservation(order.priceTicks, remainingLots, order.inst);
    if (order.side === 'sell' && order.inst.symbol === inst.symbol) reservedLots += remainingLots;
  }
  const position = await loadPosition(tx, userId, inst);
  return { cash, reservedCash, positionLots: position.lots, reservedLots, openOrders: open.length };
}
