// Checks, from the database, that a user's orders were processed exactly once: one row per accepted
// client order id, fills that add up to each order's filled quantity, and cash and position that
// reconcile with the fills. For market buys from a fresh demo account.
import assert from 'node:assert/strict';
import { Prisma, type PrismaClient } from '../../lib/generated/prisma/client.ts';
import { STARTING_CASH } from '../../lib/accounts/demo-accounts.ts';
import { formatMoney } from '../../lib/accounts/money.ts';
import type { TradingClient } from './trading-client.ts';
import { waitFor } from './wait-for.ts';

/** Waits until every client order id got an `order.accepted` or `order.rejected`. */
export async function waitForAnswers(client: TradingClient, clientOrderIds: Iterable<string>, timeoutMs = 30_000): Promise<void> {
  const ids = [...clientOrderIds];
  const answered = (): Set<string> =>
    new Set(client.messages.flatMap((m) => ((m.type === 'order.accepted' || m.type === 'order.rejected') && 'clientOrderId' in m && m.clientOrderId ? [m.clientOrderId] : [])));
  await waitFor('an answer to every order', () => {
    const seen = answered();
    return ids.every((id) => seen.has(id));
  }, timeoutMs);
}

/** Asserts exactly-once processing of one user's buys; returns how many orders were accepted. */
export async function assertBuysExactlyOnce(prisma: PrismaClient, userId: string, client: TradingClient, symbol: string): Promise<number> {
  const acceptedIds = new Set(client.ofType('order.accepted').map((e) => e.clientOrderId));
  const orders = await prisma.order.findMany({ where: { userId }, include: { fills: true } });
  assert.equal(orders.length, acceptedIds.size, 'one row per accepted client order id, none doubled');
  assert.deepEqual(new Set(orders.map((o) => o.clientOrderId)), acceptedIds);
  let cash = new Prisma.Decimal(formatMoney(STARTING_CASH));
  let quantity = new Prisma.Decimal(0);
  for (const order of orders) {
    const filled = order.fills.reduce((sum, fill) => sum.add(fill.quantity), new Prisma.Decimal(0));
    assert.equal(filled.toFixed(8), order.filledQty.toFixed(8), `fills of ${order.clientOrderId} add up`);
    for (const fill of order.fills) {
      cash = cash.sub(fill.price.mul(fill.quantity).toDecimalPlaces(8, Prisma.Decimal.ROUND_UP)).sub(fill.fee);
      quantity = quantity.add(fill.quantity);
    }
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  assert.equal(user.cash.toFixed(8), cash.toFixed(8), 'cash reconciles with the fills');
  const position = await prisma.position.findUnique({ where: { userId_symbol: { userId, symbol } } });
  assert.equal((position?.quantity ?? new Prisma.Decimal(0)).toFixed(8), quantity.toFixed(8), 'the position equals the filled quantity');
  return acceptedIds.size;
}
