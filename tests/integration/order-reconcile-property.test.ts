// Property: whatever the sequence of places (every type and option), amends, cancels and public
// trades (which fill resting orders and trigger stops), an account's cash and position reconcile with
// its fills, every order's fills add up to its filled quantity, and what is open never holds back more
// cash or units than the account has. Against the real engine and PostgreSQL, on a fixed book.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Prisma } from '../../lib/generated/prisma/client.ts';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { formatMoney, parseMoney } from '../../lib/accounts/money.ts';
import { tradesChannel } from '../../lib/protocol/channels.ts';
import type { OrderRequest } from '../../lib/protocol/orders.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { startEngine, type Engine } from '../../workers/engine/engine-worker.ts';
import { OPEN_STATUSES, storedLots, storedTicks } from '../../workers/engine/order-record.ts';
import { buyReservation } from '../../workers/engine/reservation.ts';
import { asLots } from '../../lib/market/units.ts';
import { openEngineHarness, type EngineHarness, type EventLog } from '../helpers/engine-harness.ts';
import { instrument, SyntheticBook } from '../helpers/synthetic-book.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const AAPL = instrument('AAPL');
const START_CASH = '20000';
// Prices in cents around the mid (189.975): within the ±10 % band, through both sides of the book.
const cents = fc.integer({ min: 18_700, max: 19_300 });
const price = (c: number): string => (Math.max(1, c) / 100).toFixed(2);

type Command =
  | { kind: 'place'; side: 'buy' | 'sell'; type: 'market' | 'limit' | 'stop_market' | 'stop_limit'; tif: 'GTC' | 'IOC' | 'FOK'; postOnly: boolean; qty: number; offset: number; stopGap: number }
  | { kind: 'amend'; target: number; offset?: number; qty?: number }
  | { kind: 'cancel'; target: number }
  | { kind: 'trade'; price: number; size: number };

// Mostly orders the engine accepts (a post-only now and then, stops on the side of the last trade
// they wait on), so the sequences reach fills, amends and triggers rather than refusals.
const offset = fc.integer({ min: -150, max: 150 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom('market' as const, 'limit' as const, 'limit' as const, 'stop_market' as const, 'stop_limit' as const),
      tif: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const),
      postOnly: fc.constantFrom(false, false, false, true),
      qty: fc.integer({ min: 1, max: 15 }),
      offset,
      stopGap: fc.integer({ min: 1, max: 120 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('amend' as const), target: fc.nat(), offset: fc.option(offset, { nil: undefined }), qty: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), target: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('trade' as const), price: cents, size: fc.integer({ min: 1, max: 30 }) }) },
);

/** The request a command sends, given the last trade (cents) and the client order ids of the open orders. */
function toRequest(cmd: Exclude<Command, { kind: 'trade' }>, n: number, last: number, open: readonly string[]): OrderRequest | undefined {
  const id = `r${n}`;
  if (cmd.kind === 'place') {
    const hasLimit = cmd.type === 'limit' || cmd.type === 'stop_limit';
    const isStop = cmd.type === 'stop_market' || cmd.type === 'stop_limit';
    const stop = cmd.side === 'buy' ? last + cmd.stopGap : last - cmd.stopGap;
    const limit = (isStop ? stop : last) + cmd.offset;
    return {
      op: 'order.place', id, clientOrderId: `c${n}`, symbol: 'AAPL', side: cmd.side, type: cmd.type, quantity: String(cmd.qty),
      ...(hasLimit ? { price: price(limit), timeInForce: cmd.tif } : {}),
      ...(isStop ? { stopPrice: price(stop) } : {}),
      ...(cmd.postOnly && cmd.type === 'limit' && cmd.tif === 'GTC' ? { postOnly: true } : {}),
    };
  }
  const clientOrderId = open[cmd.target % Math.max(1, open.length)];
  if (clientOrderId === undefined) return undefined;
  if (cmd.kind === 'cancel') return { op: 'order.cancel', id, clientOrderId };
  if (cmd.offset === undefined && cmd.qty === undefined) return undefined;
  return { op: 'order.amend', id, clientOrderId, ...(cmd.offset === undefined ? {} : { price: price(last + cmd.offset) }), ...(cmd.qty === undefined ? {} : { quantity: String(cmd.qty) }) };
}

describe('cash and positions reconcile with fills whatever the sequence of order ops and trades', () => {
  let h: EngineHarness;
  let engine: Engine;
  let runs = 0;
  let trades = 0;
  let lastTrade = 18_998;
  const publishTrade = (p: number, size: number) => {
    lastTrade = p;
    return h.broker.publish(tradesChannel('AAPL'), JSON.stringify({ type: 'trade', symbol: 'AAPL', id: `t${++trades}`, price: price(p), size: String(size), side: 'buy', ts: Date.now() }));
  };
  const answered = (log: EventLog, id: string) => waitFor(`the answer to ${id}`, () => log.events.some((e) => 'requestId' in e && e.requestId === id), 10_000);

  before(async () => {
    h = await openEngineHarness('memory');
    await h.storeSnapshot(new SyntheticBook('AAPL', [['189.95', '10'], ['189.90', '20'], ['189.50', '40']], [['190.00', '10'], ['190.05', '20'], ['190.50', '40']]));
    engine = await startEngine(h.runtime, { instruments: [AAPL], waitForBooksMs: 300, limits: DEFAULT_ENGINE_LIMITS });
    await publishTrade(18_998, 1);
    await sleep(50);
  });
  after(async () => {
    await engine.close();
    await h.close();
  });

  it('holds for random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 30 }), async (commands) => {
        const user = await createDemoUser(h.db.prisma, `prop-${++runs}`, parseMoney(START_CASH));
        const log = await h.listen(user);
        // A first buy, so sells have something to sell.
        await h.enqueue(user, { op: 'order.place', id: 'seed', clientOrderId: 'seed', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '30' });
        await answered(log, 'seed');
        for (const [n, cmd] of commands.entries()) {
          if (cmd.kind === 'trade') {
            await publishTrade(cmd.price, cmd.size);
            continue;
          }
          const open = cmd.kind === 'place' ? [] : await openOrderIds(user);
          const request = toRequest(cmd, n, lastTrade, open);
          if (request === undefined) continue;
          await h.enqueue(user, request);
          await answered(log, String(request.id));
        }
        // Ops and market-data fills share the engine's serial queue: once this is answered, everything before it is done.
        await h.enqueue(user, { op: 'order.cancel', id: 'done', clientOrderId: 'no-such-order' });
        await answered(log, 'done');
        await assertReconciled(user);
      }),
      { numRuns: 12 },
    );
  });

  async function openOrderIds(userId: string): Promise<string[]> {
    const rows = await h.db.prisma.order.findMany({ where: { userId, status: { in: [...OPEN_STATUSES] } }, select: { clientOrderId: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => row.clientOrderId);
  }

  async function assertReconciled(userId: string): Promise<void> {
    const { prisma } = h.db;
    const orders = await prisma.order.findMany({ where: { userId }, include: { fills: true } });
    let cash = new Prisma.Decimal(START_CASH);
    let units = new Prisma.Decimal(0);
    for (const order of orders) {
      const filled = order.fills.reduce((sum, fill) => sum.add(fill.quantity), new Prisma.Decimal(0));
      assert.equal(filled.toFixed(8), order.filledQty.toFixed(8), `fills of ${order.clientOrderId} add up to its filled quantity`);
      assert.ok(order.filledQty.lte(order.quantity), `${order.clientOrderId} never fills past its quantity`);
      assert.equal(order.status === 'filled', order.filledQty.eq(order.quantity), `${order.clientOrderId} is filled exactly when all of it is`);
      for (const fill of order.fills) {
        const notional = fill.price.mul(fill.quantity);
        cash = fill.side === 'buy' ? cash.sub(notional.toDecimalPlaces(8, Prisma.Decimal.ROUND_UP)) : cash.add(notional.toDecimalPlaces(8, Prisma.Decimal.ROUND_DOWN));
        cash = cash.sub(fill.fee);
        units = fill.side === 'buy' ? units.add(fill.quantity) : units.sub(fill.quantity);
      }
    }
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    assert.equal(user.cash.toFixed(8), cash.toFixed(8), 'cash reconciles with the fills');
    const position = await prisma.position.findUnique({ where: { userId_symbol: { userId, symbol: 'AAPL' } } });
    const held = position?.quantity ?? new Prisma.Decimal(0);
    assert.equal(held.toFixed(8), units.toFixed(8), 'the position reconciles with the fills');
    assert.ok(held.gte(0), 'no shorting');
    let reservedCash = 0n;
    let offered = 0;
    for (const order of orders.filter((o) => OPEN_STATUSES.includes(o.status))) {
      const remaining = asLots(storedLots(order.quantity, AAPL) - storedLots(order.filledQty, AAPL));
      if (order.side === 'sell') offered += remaining;
      else if (order.price !== null) reservedCash += buyReservation(storedTicks(order.price, AAPL), remaining, AAPL);
    }
    assert.ok(reservedCash <= parseMoney(user.cash.toFixed(8)), `open buys hold back ${formatMoney(reservedCash)}, more than the ${user.cash.toFixed(8)} cash`);
    assert.ok(offered <= storedLots(held, AAPL), `open sells offer ${offered}, more than the ${held.toFixed(0)} held`);
  }
});
