// The budget every order op (place, cancel, cancelAll, deadman) spends before it is queued: one per
// user, and one per client address over all its users (accounts are free, so a per-user budget
// alone multiplies with every account opened). Counted in the broker, so it holds across gateway nodes.
import type { Broker } from '../../../lib/broker/broker.ts';
import type { OrderLimits } from '../../../lib/config.ts';
import { windowRule } from '../../../lib/limits/order-budget.ts';
import { limitKeyOf } from '../../../lib/net/client-address.ts';

/** Which budget refused an op, and when it may be sent again. */
export type BudgetVerdict = { isAllowed: true } | { isAllowed: false; scope: 'user' | 'address'; retryAfterMs: number };

/** What the check needs: the broker's shared counters and the configured budgets. */
export interface OrderBudgetDeps {
  broker: Pick<Broker, 'rateLimit'>;
  limits: Pick<OrderLimits, 'perUser' | 'perAddress'>;
}

/** Spends one op of the user's budget and one of the address's; both are counted even when one refuses. */
export async function spendOrderBudget(deps: OrderBudgetDeps, userId: string, address: string): Promise<BudgetVerdict> {
  const [user, byAddress] = await Promise.all([
    deps.broker.rateLimit(`orders:user:${userId}`, windowRule(deps.limits.perUser)),
    deps.broker.rateLimit(`orders:address:${limitKeyOf(address)}`, windowRule(deps.limits.perAddress)),
  ]);
  if (!user.allowed) return { isAllowed: false, scope: 'user', retryAfterMs: user.retryAfterMs };
  if (!byAddress.allowed) return { isAllowed: false, scope: 'address', retryAfterMs: byAddress.retryAfterMs };
  return { isAllowed: true };
}
