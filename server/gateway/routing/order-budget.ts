// The budget every order op (place, cancel, cancelAll, deadman) spends before it is queued: one per
// user, and one per client address over all its users (accounts are free, so a per-user budget
// alone multiplies with every account opened). Counted in the broker, so it holds across gateway nodes.
import type { Broker, RateLimitResult } from '../../../lib/broker/broker.ts';
import type { OrderLimits } from '../../../lib/config.ts';
import { windowRule, type OpsRate } from '../../../lib/limits/order-budget.ts';
import { limitKeyOf } from '../../../lib/net/client-address.ts';

/** Which budget refused an op, and when it may be sent again. */
export type BudgetVerdict = { isAllowed: true } | { isAllowed: false; scope: 'user' | 'address'; retryAfterMs: number };

/** What the check needs: the broker's shared counters and the configured budgets. */
export interface OrderBudgetDeps {
  broker: Pick<Broker, 'rateLimit'>;
  limits: Pick<OrderLimits, 'perUser' | 'perAddress'>;
}

// A refused budget stays refused until its window ends (a fixed window only resets then), so until
// then this node refuses without asking Redis: a flood costs the shared counters nothing. Per broker,
// i.e. per deployment, since one process may hold gateways of several.
const refusedUntil = new WeakMap<object, Map<string, number>>();
// Past this many remembered refusals the expired ones are swept, so the map cannot grow without end.
const SWEEP_ABOVE = 10_000;

/**
 * Spends one op of the user's budget and one of the address's (both are counted when either refuses).
 * A budget this node already saw refused refuses the op by itself, spending neither.
 */
export async function spendOrderBudget(deps: OrderBudgetDeps, userId: string, address: string): Promise<BudgetVerdict> {
  let blocks = refusedUntil.get(deps.broker);
  if (blocks === undefined) {
    blocks = new Map();
    refusedUntil.set(deps.broker, blocks);
  }
  const keys = { user: `orders:user:${userId}`, address: `orders:address:${limitKeyOf(address)}` } as const;
  for (const scope of ['user', 'address'] as const) {
    const retryAfterMs = blockedFor(blocks, keys[scope]);
    if (retryAfterMs > 0) return { isAllowed: false, scope, retryAfterMs };
  }
  const [user, byAddress] = await Promise.all([spend(deps.broker, blocks, keys.user, deps.limits.perUser), spend(deps.broker, blocks, keys.address, deps.limits.perAddress)]);
  if (!user.allowed) return { isAllowed: false, scope: 'user', retryAfterMs: user.retryAfterMs };
  if (!byAddress.allowed) return { isAllowed: false, scope: 'address', retryAfterMs: byAddress.retryAfterMs };
  return { isAllowed: true };
}

// How long the budget under `key` stays refused on this node; 0 when it is not (an ended refusal is forgotten).
function blockedFor(blocks: Map<string, number>, key: string): number {
  const untilMs = blocks.get(key);
  if (untilMs === undefined) return 0;
  const nowMs = Date.now();
  if (untilMs > nowMs) return untilMs - nowMs;
  blocks.delete(key);
  return 0;
}

async function spend(broker: OrderBudgetDeps['broker'], blocks: Map<string, number>, key: string, rate: OpsRate): Promise<RateLimitResult> {
  const result = await broker.rateLimit(key, windowRule(rate));
  if (!result.allowed) {
    const nowMs = Date.now();
    if (blocks.size > SWEEP_ABOVE) for (const [other, until] of blocks) if (until <= nowMs) blocks.delete(other);
    blocks.set(key, nowMs + result.retryAfterMs);
  }
  return result;
}
