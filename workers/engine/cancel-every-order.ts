// Cancels every open order of a user, in every symbol, inside one transaction (the dead-man's switch).
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import type { CancelReason } from '../../lib/protocol/orders.ts';
import { cancelOpenOrders } from './cancel-orders.ts';
import type { Outcome } from './outcome.ts';

/** Ends all of the user's open orders with `reason`; an outcome without events when there were none. */
export async function cancelEveryOrder(tx: Tx, userId: string, reason: CancelReason): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  return cancelOpenOrders(tx, userId, cash, undefined, { reason });
}
