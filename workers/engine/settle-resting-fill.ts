// Settles one market-data fill of a resting limit order in the database, inside the caller's transaction:
// re-read under the account lock (it may have been cancelled or filled since it was indexed), then settled as maker.
import { asLots, type Lots } from '../../lib/market/units.ts';
import { CANCEL_REASONS } from '../../lib/protocol/orders.ts';
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import { loadPosition } from './account-store.ts';
import { fillCash } from './fees.ts';
import { isResting, toOrderRecord, unfilledLots } from './order-record.ts';
import type { Outcome } from './outcome.ts';
import type { RestingTerms } from './lots-filled-by-market.ts';
import { settleOrder } from './settle-order.ts';

/** Fills `lotsFor(terms)` of a resting order at its limit price; no effect when it is no longer resting. */
export async function settleRestingFill(tx: Tx, userId: string, orderId: bigint, lotsFor: (terms: RestingTerms) => Lots): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const row = await tx.order.findFirst({ where: { id: orderId, userId } });
  if (row === null) return { events: [], changed: [] };
  const order = toOrderRecord(row);
  if (!isResting(order) || order.priceTicks === null) return { events: [], changed: [order] };
  const priceTicks = order.priceTicks;
  const remainingLots = unfilledLots(order);
  const lots = asLots(Math.min(lotsFor({ side: order.side, priceTicks, remainingLots }), remainingLots));
  if (lots <= 0) return { events: [], changed: [order] };
  // Reservations make these impossible; if an outside writer broke them, end the order rather than overdraw.
  if (order.side === 'buy' && cash + fillCash('buy', priceTicks, lots, order.inst, 'maker').cashDelta < 0n) {
    const settled = await settleOrder(tx, order, cash, [], 'maker', { reason: CANCEL_REASONS.INSUFFICIENT_FUNDS });
    return { events: settled.events, changed: [settled.order] };
  }
  if (order.side === 'sell' && (await loadPosition(tx, userId, order.inst)).lots < lots) {
    const settled = await settleOrder(tx, order, cash, [], 'maker', { reason: CANCEL_REASONS.INSUFFICIENT_POSITION });
    return { events: settled.events, changed: [settled.order] };
  }
  const settled = await settleOrder(tx, order, cash, [{ priceTicks, lots }], 'maker');
  return { events: settled.events, changed: [settled.order] };
}
