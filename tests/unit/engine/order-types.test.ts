// Stop, post-only and fill-or-kill orders as the engine decides them on arrival, and the rules a
// stop triggers by. The book: AAPL bids 189.95×10, 189.90×20; asks 190.00×10, 190.05×20, 190.10×5.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMoney } from '../../../lib/accounts/money.ts';
import { asLots, asTicks, type Ticks } from '../../../lib/market/units.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderPlaceRequest } from '../../../lib/protocol/orders.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../../workers/engine/engine-limits.ts';
import { isSameOrder } from '../../../workers/engine/is-same-order.ts';
import { normalizeOrder } from '../../../workers/engine/normalize-order.ts';
import { OpenOrderIndex } from '../../../workers/engine/open-order-index.ts';
import { planOrder, type AccountView, type OrderPlan } from '../../../workers/engine/plan-order.ts';
import { protectionTicks, stopReached } from '../../../lib/market/stop-rules.ts';
import { orderBook } from '../../helpers/synthetic-book.ts';
import { orderRecord } from '../../helpers/order-record.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { ensureDefined } from '../../../lib/market/ensure-defined.ts';

const book = orderBook('AAPL', [['189.95', '10'], ['189.90', '20']], [['190.00', '10'], ['190.05', '20'], ['190.10', '5']]);
const rich: AccountView = { cash: parseMoney('100000'), reservedCash: 0n, positionLots: asLots(100), reservedLots: asLots(0), openOrders: 0 };
const aapl = ensureDefined(getInstrument('AAPL'), 'AAPL');

function place(fields: Partial<OrderPlaceRequest>): OrderPlaceRequest {
  return { op: 'order.place', clientOrderId: 'c', symbol: 'AAPL', side: 'buy', type: 'limit', quantity: '10', price: '189.00', ...fields };
}

function plan(fields: Partial<OrderPlaceRequest>, lastTrade: Ticks | null = asTicks(19_000), account = rich): { plan?: OrderPlan; code?: string } {
  const normalized = normalizeOrder(place(fields));
  if (!normalized.ok) return { code: normalized.rejection.code };
  const result = planOrder(normalized.value, { book, lastTradeTicks: lastTrade ?? undefined }, account, DEFAULT_ENGINE_LIMITS);
  return result.ok ? { plan: result.value } : { code: result.rejection.code };
}

describe('order options on arrival', () => {
  it('refuses options the type does not take with INVALID_OPTIONS, and a stop without its stop price with INVALID_PRICE', () => {
    assert.equal(plan({ postOnly: true, timeInForce: 'IOC' }).code, REJECT_CODES.INVALID_OPTIONS);
    assert.equal(plan({ type: 'market', price: undefined, postOnly: true }).code, REJECT_CODES.INVALID_OPTIONS);
    assert.equal(plan({ type: 'market', price: undefined, timeInForce: 'FOK' }).code, REJECT_CODES.INVALID_OPTIONS);
    assert.equal(plan({ stopPrice: '191.00' }).code, REJECT_CODES.INVALID_OPTIONS);
    assert.equal(plan({ type: 'stop_market', price: undefined }).code, REJECT_CODES.INVALID_PRICE);
    assert.equal(plan({ type: 'stop_market', price: '191.00', stopPrice: '191.00' }).code, REJECT_CODES.INVALID_PRICE);
    assert.equal(plan({ type: 'stop_limit', stopPrice: '191.001', price: '191.50' }).code, REJECT_CODES.INVALID_PRICE);
  });

  it('refuses a post-only limit that would take with POST_ONLY_WOULD_TAKE, and rests one that would not', () => {
    assert.equal(plan({ postOnly: true, price: '190.00' }).code, REJECT_CODES.POST_ONLY_WOULD_TAKE);
    assert.deepEqual(plan({ postOnly: true, price: '189.99' }).plan, { priceTicks: 18_999, executions: [], restingLots: 10, cancelledLots: 0, cancelReason: null });
  });

  it('fills a FOK limit whole when the book can, and otherwise takes nothing and cancels it all with FOK_UNFILLED', () => {
    const whole = plan({ timeInForce: 'FOK', price: '190.05', quantity: '30' }).plan;
    assert.deepEqual(whole?.executions, [{ priceTicks: 19_000, lots: 10 }, { priceTicks: 19_005, lots: 20 }]);
    assert.equal(whole?.cancelledLots, 0);
    const short = plan({ timeInForce: 'FOK', price: '190.05', quantity: '31' }).plan;
    assert.deepEqual(short, { priceTicks: 19_005, executions: [], restingLots: 0, cancelledLots: 31, cancelReason: CANCEL_REASONS.FOK_UNFILLED });
  });
});

describe('stop orders on arrival', () => {
  it('wait whole, taking nothing, with a stop-market stored at its protection price', () => {
    const stopMarket = plan({ type: 'stop_market', price: undefined, stopPrice: '191.00' }).plan;
    // 191.00 + 10 %: the most the triggered order may pay, and what it reserves meanwhile.
    assert.deepEqual(stopMarket, { priceTicks: 21_010, executions: [], restingLots: 10, cancelledLots: 0, cancelReason: null });
    const stopLimit = plan({ type: 'stop_limit', side: 'sell', stopPrice: '189.00', price: '188.50' }).plan;
    assert.deepEqual(stopLimit, { priceTicks: 18_850, executions: [], restingLots: 10, cancelledLots: 0, cancelReason: null });
  });

  it('refuse a stop the last trade already reached, or with no trade yet, with STOP_WOULD_TRIGGER', () => {
    assert.equal(plan({ type: 'stop_market', price: undefined, stopPrice: '190.00' }).code, REJECT_CODES.STOP_WOULD_TRIGGER);
    assert.equal(plan({ type: 'stop_market', side: 'sell', price: undefined, stopPrice: '190.00' }).code, REJECT_CODES.STOP_WOULD_TRIGGER);
    assert.equal(plan({ type: 'stop_market', side: 'sell', price: undefined, stopPrice: '189.99' }).code, undefined);
    assert.equal(plan({ type: 'stop_market', price: undefined, stopPrice: '191.00' }, null).code, REJECT_CODES.STOP_WOULD_TRIGGER);
  });

  it('hold back cash at the price they may fill at, and count as open orders', () => {
    // 10 × 210.10 = 2,101.00 plus the taker fee: not affordable with 2,000.
    const poor = { ...rich, cash: parseMoney('2000') };
    assert.equal(plan({ type: 'stop_market', price: undefined, stopPrice: '191.00' }, asTicks(19_000), poor).code, REJECT_CODES.INSUFFICIENT_FUNDS);
    assert.equal(plan({ type: 'stop_limit', stopPrice: '191.00', price: '191.50' }, asTicks(19_000), poor).code, undefined);
    const full = { ...rich, openOrders: DEFAULT_ENGINE_LIMITS.maxOpenOrders };
    assert.equal(plan({ type: 'stop_market', price: undefined, stopPrice: '191.00' }, asTicks(19_000), full).code, REJECT_CODES.TOO_MANY_OPEN_ORDERS);
    const offered = { ...rich, positionLots: asLots(10), reservedLots: asLots(5) };
    assert.equal(plan({ type: 'stop_market', side: 'sell', price: undefined, stopPrice: '189.00' }, asTicks(19_000), offered).code, REJECT_CODES.INSUFFICIENT_POSITION);
  });
});

describe('stop rules', () => {
  it('trigger a buy at or above its stop and a sell at or below it', () => {
    assert.equal(stopReached('buy', asTicks(100), asTicks(99)), false);
    assert.equal(stopReached('buy', asTicks(100), asTicks(100)), true);
    assert.equal(stopReached('sell', asTicks(100), asTicks(101)), false);
    assert.equal(stopReached('sell', asTicks(100), asTicks(100)), true);
  });

  it('put the protection price inside the band, against the order, never below one tick', () => {
    assert.equal(protectionTicks('buy', asTicks(1000), 1000), 1100);
    assert.equal(protectionTicks('buy', asTicks(1005), 1000), 1105); // 1105.5 rounded inside
    assert.equal(protectionTicks('sell', asTicks(1005), 1000), 905); // 904.5 rounded inside
    assert.equal(protectionTicks('sell', asTicks(1), 10_000), 1);
  });
});

describe('a retried place after an amend', () => {
  it('is the same order by its terms as placed, not as amended', () => {
    const amended = orderRecord({
      id: 7n, userId: 'u', clientOrderId: 'c', inst: aapl, side: 'buy', type: 'limit', timeInForce: 'GTC', lots: asLots(5), priceTicks: asTicks(18_800),
      placedLots: asLots(10), placedPriceTicks: asTicks(18_900), filledLots: asLots(0), status: 'open', createdAtMs: 0,
    });
    assert.equal(isSameOrder(amended, place({})), true);
    assert.equal(isSameOrder(amended, place({ quantity: '5', price: '188.00' })), false);
    assert.equal(isSameOrder(amended, place({ postOnly: true })), false);
  });

  it('compares a stop-market by its stop price, not its protection price', () => {
    const stop = orderRecord({
      id: 8n, userId: 'u', clientOrderId: 'c', inst: aapl, side: 'buy', type: 'stop_market', timeInForce: 'IOC', lots: asLots(10), priceTicks: asTicks(21_010),
      stopTicks: asTicks(19_100), filledLots: asLots(0), status: 'open', createdAtMs: 0,
    });
    assert.equal(isSameOrder(stop, place({ type: 'stop_market', price: undefined, stopPrice: '191' })), true);
    assert.equal(isSameOrder(stop, place({ type: 'stop_market', price: undefined, stopPrice: '191.01' })), false);
  });
});

describe('the open-order index', () => {
  it('keeps resting limits and waiting stops apart, moves a triggered stop-limit to resting, and tells of each new stop once', () => {
    const index = new OpenOrderIndex();
    const told: bigint[] = [];
    index.onStopIndexed = (stop) => told.push(stop.id);
    const base = { userId: 'u', clientOrderId: 'c', inst: aapl, side: 'buy' as const, timeInForce: 'GTC' as const, lots: asLots(10), filledLots: asLots(0), status: 'open' as const, createdAtMs: 0 };
    const limit = orderRecord({ ...base, id: 1n, type: 'limit', priceTicks: asTicks(18_900) });
    const stop = orderRecord({ ...base, id: 2n, type: 'stop_limit', priceTicks: asTicks(19_150), stopTicks: asTicks(19_100) });
    index.update(limit);
    index.update(stop);
    index.update(stop);
    assert.deepEqual(index.restingOf('AAPL').map((o) => o.id), [1n]);
    assert.deepEqual(index.stopsOf('AAPL').map((o) => o.stopTicks), [19_100]);
    assert.deepEqual(told, [2n]);
    index.update({ ...stop, isTriggered: true });
    assert.deepEqual(index.restingOf('AAPL').map((o) => o.id), [1n, 2n]);
    assert.equal(index.stopsOf('AAPL').length, 0);
    index.update({ ...limit, status: 'cancelled' });
    assert.equal(index.size, 1);
  });
});
