// Demo accounts: create one with play money, or put one back to its starting balance.
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import { CANCEL_REASONS, type OrderEvent } from '../../lib/protocol/orders.ts';
import { lockAccount } from './account-store.ts';
import { balanceEvent } from './order-events.ts';
import { formatMoney, parseMoney, type Money } from './money.ts';
import { OPEN_STATUSES, toOrderRecord } from './order-record.ts';
import { settleOrder } from './settle-order.ts';

/** Every demo account starts with 100,000 USD. */
export const STARTING_CASH: Money = parseMoney('100000');

/** Creates a demo user with the starting cash and returns its id. */
export async function createDemoUser(prisma: PrismaClient, displayName: string, cash: Money = STARTING_CASH): Promise<string> {
  const user = await prisma.user.create({ data: { displayName, cash: formatMoney(cash) }, select: { id: true } });
  return user.id;
}

/**
 * Cancels the account's open orders, clears its positions and restores the starting cash, in one
 * transaction under the account lock (so it never interleaves with an engine fill). Returns the
 * events to publish on the user's channel; order and fill history is kept.
 */
export async function resetAccount(prisma: PrismaClient, userId: string, cash: Money = STARTING_CASH): Promise<OrderEvent[]> {
  return prisma.$transaction(async (tx) => {
    const cashBefore = await lockAccount(tx, userId);
    const open = await tx.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } });
    const events: OrderEvent[] = [];
    for (const row of open) {
      const settled = await settleOrder(tx, toOrderRecord(row), cashBefore, [], 'maker', { reason: CANCEL_REASONS.ACCOUNT_RESET });
      events.push(...settled.events);
    }
    await tx.position.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { cash: formatMoney(cash) } });
    events.push(balanceEvent(cash));
    return events;
  });
}
