// Cancels every open order of a user, in every symbol, inside one transaction (the dead-man's switch).
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import type { CancelReason } from '../../lib/protocol/orders.ts';
import { OPEN_STATUSES, toOrderRecord } from './order-record.ts';
import type { Outcome } from './outcome.ts';
import { settleOrder } from './settle-order.ts';

/** Ends all of the user's open orders with `reason`; an outcome without events when there were none. */
export async function cancelEveryOrder(tx: Tx, userId: string, reason: CancelReason): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const rows = await tx.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } });
  const outcome: Outcome = { events: [], changed: [] };
  for (const row of rows) {
    const settled = await settleOrder(tx, toOrderRecord(row), cash, [], 'maker', { reason });
    outcome.events.push(...settled.events);
    outcome.changed.push(settled.order);
  }
  return outcome;
}
