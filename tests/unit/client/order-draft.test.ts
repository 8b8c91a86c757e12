import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDraft, type OrderDraft } from '../../../lib/client/order-draft.ts';
import { estimateOrder, TAKER_FEE_RATE } from '../../../lib/client/order-estimate.ts';
import { quantityForFraction } from '../../../lib/client/order-sizing.ts';
import { levels } from '../../helpers/levels.ts';
import { instrument } from '../../helpers/synthetic-book.ts';

const btc = instrument('BTC-USD');
const eth = instrument('ETH-USD');
const draft = (changes: Partial<OrderDraft>): OrderDraft => ({ side: 'buy', type: 'limit', quantity: '0.5', price: '65000.0', ...changes });

describe('order form checks', () => {
  it('accepts a valid limit order and normalises it onto the grids', () => {
    const check = checkDraft(draft({ quantity: ' 0.5 ', price: '65,000.1' }), btc);
    assert.deepEqual(check, { ok: true, order: { side: 'buy', type: 'limit', quantity: '0.50000000', lots: 50_000_000, price: '65000.1', priceTicks: 650_001 } });
  });

  it('ignores the price of a market order', () => {
    const check = checkDraft(draft({ type: 'market', price: 'nonsense' }), btc);
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
    for (const [changes, errors] of cases) assert.deepEqual(checkDraft(draft(changes), btc), { ok: false, errors }, JSON.stringify(changes));
  });

  it('knows a tick of 0.05 is not every cent', () => {
    assert.deepEqual(checkDraft(draft({ price: '3200.03', quantity: '1' }), eth), { ok: false, errors: { price: 'Price must be a multiple of the tick size 0.05' } });
    assert.ok(checkDraft(draft({ price: '3200.05', quantity: '1' }), eth).ok);
  });
});

describe('order estimate', () => {
  const book = { bids: levels([[649_990, 100_000_000], [649_980, 200_000_000]]), asks: levels([[650_000, 50_000_000], [650_010, 100_000_000]]) };

  it('prices a limit order at its limit, with the taker fee as the most it can pay', () => {
    const check = checkDraft(draft({ quantity: '2', price: '60000.0' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.ok(Math.abs(estimate.notional - 120_000) < 1e-6);
    assert.ok(Math.abs(estimate.fee - 120) < 1e-6);
    assert.ok(Math.abs(estimate.total - 120_120) < 1e-6);
    assert.equal(TAKER_FEE_RATE, 0.001);
  });

  it('walks the asks for a market buy', () => {
    const check = checkDraft(draft({ type: 'market', quantity: '1' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.ok(Math.abs(estimate.notional - (0.5 * 65_000 + 0.5 * 65_001)) < 1e-6);
    assert.ok(Math.abs(estimate.avgPrice - 65_000.5) < 1e-6);
    assert.equal(estimate.isBeyondBook, false);
  });

  it('walks the bids for a market sell and says when the visible book runs out', () => {
    const check = checkDraft(draft({ type: 'market', side: 'sell', quantity: '5' }), btc);
    assert.ok(check.ok);
    const estimate = estimateOrder(check.order, btc, book);
    assert.ok(estimate);
    assert.equal(estimate.isBeyondBook, true);
    assert.ok(Math.abs(estimate.total - (64_999 + 2 * 64_998) * (1 - TAKER_FEE_RATE)) < 1e-6);
  });

  it('has no estimate for a market order against an empty side', () => {
    const check = checkDraft(draft({ type: 'market', quantity: '1' }), btc);
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
