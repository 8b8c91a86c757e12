// Reads and writes of an account inside the engine's transaction (after lib/accounts' row lock): cash, positions, and
// what open orders hold back.
import type { Tx } from '../../lib/accounts/account-lock.ts';
import { lotsToSize } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { formatMoney, parseMoney, type Money } from '../../lib/accounts/money.ts';
import { FLAT_POSITION, type PositionState } from '../../lib/accounts/position.ts';
import { OPEN_STATUSES, toOrderRecord, storedLots } from './order-record.ts';
import type { AccountView } from './plan-order.ts';
import { buyReservation } from './reservation.ts';

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
export async function loadAccountView(tx: Tx, userId: string, inst: Instrument, cash: Money): Promise<AccountView & { position: PositionState }> {
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
  return { cash, reservedCash, positionLots: position.lots, reservedLots, openOrders: open.length, position };
}
