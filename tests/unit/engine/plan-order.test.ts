import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderBook } from '../../../lib/market/order-book.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderPlaceRequest } from '../../../lib/protocol/orders.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../../workers/engine/engine-limits.ts';
import { parseMoney } from '../../../lib/accounts/money.ts';
import { normalizeOrder, type NormalizedOrder } from '../../../workers/engine/normalize-order.ts';
import { planOrder, type AccountView } from '../../../workers/engine/plan-order.ts';
import { orderBook } from '../../helpers/synthetic-book.ts';
import { asLots } from '../../../lib/market/units.ts';

// AAPL: bids 189.95×10, 189.90×20; asks 190.00×10, 190.05×20, 190.10×5 (mid 189.975).
const book = orderBook('AAPL', [['189.95', '10'], ['189.90', '20']], [['190.00', '10'], ['190.05', '20'], ['190.10', '5']]);
const market = { book, lastTradeTicks: undefined };
const rich: AccountView = { cash: parseMoney('100000'), reservedCash: 0n, positionLots: asLots(100), reservedLots: asLots(0), openOrders: 0 };

function order(fields: Partial<OrderPlaceRequest>): NormalizedOrder {
  const result = normalizeOrder({ op: 'order.place', clientOrderId: 'c', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '10', ...fields });
  assert.ok(result.ok);
  return result.value;
}

function codeOf(normalized: NormalizedOrder, account = rich, withBook: OrderBook | undefined = book): string | undefined {
  const result = planOrder(normalized, { book: withBook, lastTradeTicks: undefined }, account, DEFAULT_ENGINE_LIMITS);
  return result.ok ? undefined : result.rejection.code;
}

describe('planOrder', () => {
  it('walks the asks for a market buy and cancels what the book cannot fill with NO_LIQUIDITY', () => {
    const result = planOrder(order({ quantity: '40' }), market, rich, DEFAULT_ENGINE_LIMITS);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      priceTicks: null,
      executions: [{ priceTicks: 19_000, lots: 10 }, { priceTicks: 19_005, lots: 20 }, { priceTicks: 19_010, lots: 5 }],
      restingLots: 0,
      cancelledLots: 5,
      cancelReason: CANCEL_REASONS.NO_LIQUIDITY,
    });
  });

  it('walks the bids for a market sell', () => {
    const result = planOrder(order({ side: 'sell', quantity: '15' }), market, rich, DEFAULT_ENGINE_LIMITS);
    assert.ok(result.ok);
    assert.deepEqual(result.value.executions, [{ priceTicks: 18_995, lots: 10 }, { priceTicks: 18_990, lots: 5 }]);
    assert.equal(result.value.cancelReason, null);
  });

  it('fills a marketable GTC limit up to its price and rests the rest', () => {
    const result = planOrder(order({ type: 'limit', price: '190.05', quantity: '50' }), market, rich, DEFAULT_ENGINE_LIMITS);
    assert.ok(result.ok);
    assert.deepEqual(result.value.executions, [{ priceTicks: 19_000, lots: 10 }, { priceTicks: 19_005, lots: 20 }]);
    assert.equal(result.value.restingLots, 20);
    assert.equal(result.value.cancelledLots, 0);
  });

  it('cancels the unfilled rest of an IOC limit with IOC_EXPIRED', () => {
    const result = planOrder(order({ type: 'limit', timeInForce: 'IOC', price: '190.00', quantity: '25' }), market, rich, DEFAULT_ENGINE_LIMITS);
    assert.ok(result.ok);
    assert.deepEqual(result.value, { priceTicks: 19_000, executions: [{ priceTicks: 19_000, lots: 10 }], restingLots: 0, cancelledLots: 15, cancelReason: CANCEL_REASONS.IOC_EXPIRED });
  });

  it('rests a passive limit whole', () => {
    const result = planOrder(order({ type: 'limit', price: '189.00' }), market, rich, DEFAULT_ENGINE_LIMITS);
    assert.ok(result.ok);
    assert.deepEqual(result.value, { priceTicks: 18_900, executions: [], restingLots: 10, cancelledLots: 0, cancelReason: null });
  });

  it('rejects without a live book with MARKET_CLOSED, and a limit against an empty book too', () => {
    const noBook = planOrder(order({}), { book: undefined, lastTradeTicks: undefined }, rich, DEFAULT_ENGINE_LIMITS);
    assert.equal(noBook.ok ? undefined : noBook.rejection.code, REJECT_CODES.MARKET_CLOSED);
    assert.equal(codeOf(order({ type: 'limit', price: '190.00' }), rich, orderBook('AAPL', [], [])), REJECT_CODES.MARKET_CLOSED);
  });

  it('rejects a limit more than 10 % from the mid with INVALID_PRICE', () => {
    // mid 189.975: the band is 170.9775 .. 208.9725
    assert.equal(codeOf(order({ type: 'limit', price: '208.97' })), undefined);
    assert.equal(codeOf(order({ type: 'limit', price: '208.98' })), REJECT_CODES.INVALID_PRICE);
    assert.equal(codeOf(order({ type: 'limit', price: '170.98' })), undefined);
    assert.equal(codeOf(order({ type: 'limit', price: '170.97' })), REJECT_CODES.INVALID_PRICE);
  });

  it('rejects a resting order past the open-order limit with TOO_MANY_OPEN_ORDERS, but not a market order', () => {
    const busy = { ...rich, openOrders: DEFAULT_ENGINE_LIMITS.maxOpenOrders };
    assert.equal(codeOf(order({ type: 'limit', price: '189.00' }), busy), REJECT_CODES.TOO_MANY_OPEN_ORDERS);
    assert.equal(codeOf(order({}), busy), undefined);
  });

  it('rejects selling more than is held and not already offered with INSUFFICIENT_POSITION', () => {
    assert.equal(codeOf(order({ side: 'sell', quantity: '10' }), { ...rich, positionLots: asLots(9) }), REJECT_CODES.INSUFFICIENT_POSITION);
    assert.equal(codeOf(order({ side: 'sell', quantity: '10' }), { ...rich, positionLots: asLots(15), reservedLots: asLots(6) }), REJECT_CODES.INSUFFICIENT_POSITION);
    assert.equal(codeOf(order({ side: 'sell', quantity: '10' }), { ...rich, positionLots: asLots(15), reservedLots: asLots(5) }), undefined);
  });

  it('rejects a market order against an empty opposite side with NO_LIQUIDITY', () => {
    const bidsOnly = orderBook('AAPL', [['189.95', '10']], []);
    assert.equal(codeOf(order({}), rich, bidsOnly), REJECT_CODES.NO_LIQUIDITY);
  });

  it('rejects a buy whose cost and taker fee exceed the unreserved cash with INSUFFICIENT_FUNDS', () => {
    // 10 @ 190.00 = 1900.00 + 1.90 fee
    assert.equal(codeOf(order({}), { ...rich, cash: parseMoney('1901.90') }), undefined);
    assert.equal(codeOf(order({}), { ...rich, cash: parseMoney('1901.89') }), REJECT_CODES.INSUFFICIENT_FUNDS);
    assert.equal(codeOf(order({}), { ...rich, cash: parseMoney('2000'), reservedCash: parseMoney('98.11') }), REJECT_CODES.INSUFFICIENT_FUNDS);
  });

  it('counts the reservation of the resting part of a limit buy against the cash', () => {
    // rests 10 @ 189.00 = 1890.00 + 1.89 taker-rate reservation
    assert.equal(codeOf(order({ type: 'limit', price: '189.00' }), { ...rich, cash: parseMoney('1891.89') }), undefined);
    assert.equal(codeOf(order({ type: 'limit', price: '189.00' }), { ...rich, cash: parseMoney('1891.88') }), REJECT_CODES.INSUFFICIENT_FUNDS);
  });
});
