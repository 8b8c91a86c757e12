import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDraft, placeRequest, type OrderDraft } from '../../../lib/client/order-draft.ts';
import { estimateOrder, PRICE_BAND_BPS, protectionTicks, TAKER_FEE_RATE } from '../../../lib/client/order-estimate.ts';
import { orderPlaceSchema } from '../../../lib/protocol/orders.ts';
import { asTicks } from '../../../lib/market/units.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../../workers/engine/engine-limits.ts';
import { protectionTicks as engineProtectionTicks } from '../../../lib/market/stop-rules.ts';
import { quantityForFraction } from '../../../lib/client/order-sizing.ts';
import { levels } from '../../helpers/levels.ts';
import { instrument } from '../../helpers/synthetic-book.ts';
import { english } from '../../helpers/english.ts';

/** checkDraft with its messages in English, as the form shows them. */
function checkDraftInEnglish(...args: Parameters<typeof checkDraft>) {
  const check = checkDraft(...args);
  return check.ok ? check : { ok: false as const, errors: Object.fromEntries(Object.entries(check.errors).map(([field, text]) => [field, english(text)])) };
}

const btc = instrument('BTC-USD');
const eth = instrument('ETH-USD');
const draft = (changes: Partial<OrderDraft>): OrderDraft => ({ side: 'buy', type: 'limit', quantity: '0.5', price: '65000.0', ...changes });

describe('order form checks', () => {
  it('accepts a valid limit order and normalises it onto the grids', () => {
    const check = checkDraftInEnglish(draft({ quantity: ' 0.5 ', price: '65,000.1' }), btc);
    assert.deepEqual(check, {
      ok: true,
      order: { side: 'buy', type: 'limit', quantity: '0.50000000', lots: 50_000_000, price: '65000.1', priceTicks: 650_001, stopPrice: undefined, stopTicks: undefined, timeInForce: 'GTC', postOnly: false },
    });
  });

  it('ignores the price of a market order', () => {
    const check = checkDraftInEnglish(draft({ type: 'market', price: 'nonsense' }), btc);
    assert.ok(check.ok);
    assert.equal(check.order.price, undefined);
  });

  it('names the first rule each field breaks', () => {
    const cases: [Partial<OrderDraft>, { quantity?: string; price?: string }][] = [
      [{ quantity: '' }, { quantity: 'Enter a quantity' }],
      [{ quantity: '-1' }, { quantity: 'Quantity must be a positive number' }],
      [{ quantity: '1e3' }, { quantity: 'Quantity must be a positive number' }],
      [{ quantity: '0.000000001' }, { quantity: 'Quantity must be a multiple of 0.00000001' }],
      [{ quantity: '0' }, { quantity: 'Quantity must be more than 0' }],
      [{ quantity: '0.00001' }, { quantity: 'Minimum quantity is 0.0001' }],
      [{ quantity: '101' }, { quantity: 'Maximum quantity is 100' }],
      [{ price: '' }, { price: 'Enter a limit price' }],
      [{ price: 'abc' }, { price: 'Price must be a positive number' }],
      [{ price: '65000.05' }, { price: 'Price must be a multiple of the tick size 0.1' }],
      [{ price: '0' }, { price: 'Price must be more than 0' }],
      [{ quantity: '', price: '' }, { quantity: 'Enter a quantity', price: 'Enter a limit price' }],
    ];
    for (const [changes, errors] of cases) assert.deepEqual(checkDraftInEnglish(draft(changes), btc), { ok: false, errors }, JSON.stringify(changes));
  });

  it('knows a tick of 0.05 is not every cent', () => {
    assert.deepEqual(checkDraftInEnglish(draft({ price: '3200.03', quantity: '1' }), eth), { ok: false, errors: { price: 'Price must be a multiple of the tick size 0.05' } });
    assert.ok(checkDraftInEnglish(draft({ price: '3200.05', quantity: '1' }), eth).ok);
  });
});

describe('stop orders and options in the form', () => {
  const last = asTicks(650_000); // 65,000.0

  it('wants a buy stop above the last trade and a sell stop below it', () => {
    assert.deepEqual(checkDraftInEnglish(draft({ type: 'stop_market', stopPrice: '65000.0' }), btc, last), { ok: false, errors: { stopPrice: 'A buy stop must be above the last price 65,000.0' } });
    assert.deepEqual(checkDraftInEnglish(draft({ type: 'stop_limit', side: 'sell', stopPrice: '65000.1' }), btc, last), { ok: false, errors: { stopPrice: 'A sell stop must be below the last price 65,000.0' } });
    const buy = checkDraftInEnglish(draft({ type: 'stop_market', stopPrice: '65,000.1', price: 'ignored' }), btc, last);
    assert.ok(buy.ok);
    assert.deepEqual([buy.order.stopPrice, buy.order.stopTicks, buy.order.price, buy.order.timeInForce], ['65000.1', 650_001, undefined, undefined]);
    assert.ok(checkDraftInEnglish(draft({ type: 'stop_limit', side: 'sell', stopPrice: '64999.9', price: '64990.0' }), btc, last).ok);
  });

  it('leaves the stop side to the engine while no trade is known', () => {
    assert.ok(checkDraftInEnglish(draft({ type: 'stop_market', stopPrice: '1.0' }), btc).ok);
  });

  it('names a missing or malformed stop price, and a stop limit\'s missing limit', () => {
    const cases: [Partial<OrderDraft>, { price?: string; stopPrice?: string }][] = [
      [{ type: 'stop_market' }, { stopPrice: 'Enter a stop price' }],
      [{ type: 'stop_market', stopPrice: '-5' }, { stopPrice: 'Stop price must be a positive number' }],
      [{ type: 'stop_market', stopPrice: '65000.05' }, { stopPrice: 'Stop price must be a multiple of the tick size 0.1' }],
      [{ type: 'stop_limit', stopPrice: '66000.0', price: '' }, { price: 'Enter a limit price' }],
    ];
    for (const [changes, errors] of cases) assert.deepEqual(checkDraftInEnglish(draft(changes), btc, last), { ok: false, errors }, JSON.stringify(changes));
  });

  it('keeps a time in force for limit and stop-limit orders only, and post-only for a GTC limit only', () => {
    const fok = checkDraftInEnglish(draft({ timeInForce: 'FOK', postOnly: true }), btc);
    assert.deepEqual(fok.ok && [fok.order.timeInForce, fok.order.postOnly], ['FOK', false]);
    const post = checkDraftInEnglish(draft({ timeInForce: 'GTC', postOnly: true }), btc);
    assert.deepEqual(post.ok && [post.order.timeInForce, post.order.postOnly], ['GTC', true]);
    const stopLimit = checkDraftInEnglish(draft({ type: 'stop_limit', stopPrice: '66000.0', timeInForce: 'IOC', postOnly: true }), btc, last);
    assert.deepEqual(stopLimit.ok && [stopLimit.order.timeInForce, stopLimit.order.postOnly], ['IOC', false]);
    const market = checkDraftInEnglish(draft({ type: 'market', timeInForce: 'FOK', postOnly: true }), btc);
    assert.deepEqual(market.ok && [market.order.timeInForce, market.order.postOnly], [undefined, false]);
  });

  it('sends only the fields the type takes, and what it sends passes the protocol\'s schema', () => {
    const requests = [
      draft({ postOnly: true }),
      draft({ type: 'market' }),
      draft({ type: 'stop_market', side: 'sell', stopPrice: '64000.0' }),
      draft({ type: 'stop_limit', stopPrice: '66000.0', price: '66100.0', timeInForce: 'FOK' }),
    ].map((d) => {
      const check = checkDraftInEnglish(d, btc, last);
      assert.ok(check.ok, JSON.stringify(d));
      return placeRequest(check.order, 'BTC-USD', 'web-1');
    });
    assert.deepEqual(requests.map((r) => [r.type, r.price, r.stopPrice, r.timeInForce, r.postOnly]), [
      ['limit', '65000.0', undefined, 'GTC', true],
      ['market', undefined, undefined, undefined, undefined],
      ['stop_market', undefined, '64000.0', undefined, undefined],
      ['stop_limit', '66100.0', '66000.0', 'FOK', undefined],
    ]);
    for (const request of requests) {
      assert.deepEqual(orderPlaceSchema.parse(request), request);
      assert.equal('postOnly' in request && request.postOnly !== true, false, 'postOnly is sent only when set');
    }
  });
});

describe('order estimate', () => {
  const book = { bids: levels([[649_990, 100_000_000], [649_980, 200_000_000]]), asks: levels([[650_000, 50_000_000], [650_010, 100_000_000]]) };

  it('prices a limit order at its limit, with the taker fee as the most it can pay', () => {
    const check = checkDraftInEnglish(draft({ quantity: '2', price: '60000.0' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.ok(Math.abs(estimate.notional - 120_000) < 1e-6);
    assert.ok(Math.abs(estimate.fee - 120) < 1e-6);
    assert.ok(Math.abs(estimate.total - 120_120) < 1e-6);
    assert.equal(TAKER_FEE_RATE, 0.001);
  });

  it('walks the asks for a market buy', () => {
    const check = checkDraftInEnglish(draft({ type: 'market', quantity: '1' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.ok(Math.abs(estimate.notional - (0.5 * 65_000 + 0.5 * 65_001)) < 1e-6);
    assert.ok(Math.abs(estimate.avgPrice - 65_000.5) < 1e-6);
    assert.equal(estimate.isBeyondBook, false);
  });

  it('walks the bids for a market sell and says when the visible book runs out', () => {
    const check = checkDraftInEnglish(draft({ type: 'market', side: 'sell', quantity: '5' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.equal(estimate.isBeyondBook, true);
    assert.ok(Math.abs(estimate.total - (64_999 + 2 * 64_998) * (1 - TAKER_FEE_RATE)) < 1e-6);
  });

  it('prices a stop at what it reserves: a stop-limit at its limit, a stop-market at its protection price', () => {
    const stopLimit = checkDraftInEnglish(draft({ type: 'stop_limit', quantity: '1', stopPrice: '66000.0', price: '66100.0' }), btc);
    assert.ok(stopLimit.ok);
    const limitEstimate = estimateOrder(stopLimit.order, btc, book);
    assert.deepEqual(limitEstimate && [limitEstimate.avgPrice, limitEstimate.isReservation], [66_100, true]);
    const stopBuy = checkDraftInEnglish(draft({ type: 'stop_market', quantity: '1', stopPrice: '66000.0' }), btc);
    assert.ok(stopBuy.ok);
    const buyEstimate = estimateOrder(stopBuy.order, btc, book);
    assert.ok(buyEstimate);
    assert.ok(Math.abs(buyEstimate.avgPrice - 72_600) < 1e-6);
    assert.ok(Math.abs(buyEstimate.total - 72_600 * (1 + TAKER_FEE_RATE)) < 1e-6);
    const stopSell = checkDraftInEnglish(draft({ type: 'stop_market', side: 'sell', quantity: '1', stopPrice: '64000.0' }), btc);
    assert.ok(stopSell.ok);
    assert.ok(Math.abs((estimateOrder(stopSell.order, btc, book)?.avgPrice ?? 0) - 57_600) < 1e-6);
  });

  it('moves a stop-market\'s protection price by the engine\'s band, rounded as the engine rounds it', () => {
    assert.equal(PRICE_BAND_BPS, DEFAULT_ENGINE_LIMITS.priceBandBps);
    for (const side of ['buy', 'sell'] as const) {
      for (const stop of [1, 7, 650_001, 1_234_567]) assert.equal(protectionTicks(side, stop), engineProtectionTicks(side, asTicks(stop), PRICE_BAND_BPS), `${side} ${stop}`);
    }
  });

  it('has no estimate for a market order against an empty side', () => {
    const check = checkDraftInEnglish(draft({ type: 'market', quantity: '1' }), btc);
    assert.ok(check.ok);
    assert.equal(estimateOrder(check.order, btc, { bids: [], asks: [] }), undefined);
  });
});

describe('quantity from a fraction of what is available', () => {
  it('buys what the cash covers with the fee, on the lot grid', () => {
    assert.equal(quantityForFraction('buy', 0.5, btc, { cash: 100_000, position: 0 }, 50_000), '0.99900099');
  });

  it('sells a fraction of the position', () => {
    assert.equal(quantityForFraction('sell', 0.25, btc, { cash: 0, position: 0.4 }, undefined), '0.10000000');
  });

  it('has nothing to offer without a price, cash or position', () => {
    assert.equal(quantityForFraction('buy', 1, btc, { cash: 100, position: 0 }, undefined), undefined);
    assert.equal(quantityForFraction('sell', 1, btc, { cash: 100, position: 0 }, 65_000), undefined);
    assert.equal(quantityForFraction('buy', 1, instrument('AAPL'), { cash: 100, position: 0 }, 190), undefined);
  });
});
