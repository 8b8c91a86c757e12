// Demo accounts: create one with play money, or put one back to its starting balance.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { CANCEL_REASONS } from '../protocol/orders.ts';
import { type OrderEvent } from '../protocol/order-events.ts';
import { balanceEvent, cancelledRowEvent } from './account-events.ts';
import { lockAccount } from './account-lock.ts';
import { formatMoney, parseMoney, type Money } from './money.ts';

/** Every demo account starts with 100,000 USD. */
export const STARTING_CASH: Money = parseMoney('100000');

/** Statuses of an order that can still fill (the engine's resting orders). */
const OPEN_STATUSES = ['open', 'partially_filled'] as const;

/** Creates a demo user with the starting cash and returns its id. */
export async function createDemoUser(prisma: PrismaClient, displayName: string, cash: Money = STARTING_CASH): Promise<string> {
  const user = await prisma.user.create({ data: { displayName, cash: formatMoney(cash) }, select: { id: true } });
  return user.id;
}

/**
 * Cancels the account's open orders, clears its positions and restores the starting cash, in one
 * transaction under the account lock (so it never interleaves with an engine fill; the engine
 * re-reads an order under the same lock before filling it, so it never fills one cancelled here).
 * Returns the events to publish on the user's channel; order and fill history is kept.
 */
export async function resetAccount(prisma: PrismaClient, userId: string, cash: Money = STARTING_CASH): Promise<OrderEvent[]> {
  return prisma.$transaction(async (tx) => {
    await lockAccount(tx, userId);
    const open = await tx.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } });
    const reason = CANCEL_REASONS.ACCOUNT_RESET;
    // Cancelling frees what the orders reserved; cash is then set outright, so no per-order settlement is needed.
    await tx.order.updateMany({ where: { id: { in: open.map((row) => row.id) } }, data: { status: 'cancelled', reason } });
    await tx.position.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { cash: formatMoney(cash) } });
    return [...open.map((row) => cancelledRowEvent(row, reason)), balanceEvent(cash)];
  });
}
