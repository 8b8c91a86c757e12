import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { english, korean } from '../../helpers/english.ts';
import { entryLineFor, orderLinesFor, type ChartOrderFields } from '../../../components/chart/order-lines.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';

const btc = getInstrument('BTC-USD');
const aapl = getInstrument('AAPL');
assert.ok(btc && aapl);

const order = (fields: Partial<ChartOrderFields>): ChartOrderFields => ({
  orderId: '1',
  symbol: 'BTC-USD',
  side: 'buy',
  orderType: 'limit',
  quantity: '0.01000000',
  filledQty: '0.00000000',
  price: '64990.0',
  stopPrice: null,
  triggeredAt: null,
  ...fields,
});

describe('order lines', () => {
  it('draws a resting limit order at its price, labelled with side and unfilled size', () => {
    const [line, ...rest] = orderLinesFor([order({ quantity: '0.05000000', filledQty: '0.01000000' })], btc);
    assert.deepEqual(rest, []);
    assert.ok(line);
    assert.deepEqual({ ...line, label: english(line.label), cancelLabel: english(line.cancelLabel) }, { orderId: '1', kind: 'limit', side: 'buy', ticks: 649900, size: '0.04', label: 'Buy 0.04', cancelLabel: 'Cancel buy 0.04 at 64,990.0' });
    assert.deepEqual([korean(line.label), korean(line.cancelLabel)], ['매수 0.04', '64,990.0 매수 0.04 주문 취소']);
  });

  it('keeps only the chart instrument\'s orders, highest price first', () => {
    const lines = orderLinesFor(
      [order({ orderId: '1', price: '64990.0' }), order({ orderId: '2', side: 'sell', price: '65100.5' }), order({ orderId: '3', symbol: 'ETH-USD', price: '3200.00' })],
      btc,
    );
    assert.deepEqual(
      lines.map((l) => [l.orderId, english(l.label)]),
      [
        ['2', 'Sell 0.01'],
        ['1', 'Buy 0.01'],
      ],
    );
  });

  it('draws a stop waiting for its trigger at its stop price, as a stop that can only be cancelled', () => {
    const [market, limit] = orderLinesFor(
      [
        order({ orderId: '7', side: 'sell', orderType: 'stop_market', quantity: '0.05', price: '58500.0', stopPrice: '64000.0' }),
        order({ orderId: '8', side: 'sell', orderType: 'stop_limit', quantity: '0.05', price: '63900.0', stopPrice: '63950.0', triggeredAt: null }),
      ],
      btc,
    );
    assert.deepEqual(market && [market.kind, market.ticks, english(market.label), english(market.cancelLabel)], ['stop', 640000, 'Stop sell 0.05', 'Cancel stop sell 0.05 at 64,000.0']);
    assert.deepEqual(limit && [limit.kind, limit.ticks, english(limit.label)], ['stop', 639500, 'Stop sell 0.05 · limit 63,900.0']);
    assert.equal(korean(limit?.label), '스탑 매도 0.05 · 주문가 63,900.0');
  });

  it('draws a triggered stop-limit as a limit order at its price, which can be moved', () => {
    const [line] = orderLinesFor([order({ orderType: 'stop_limit', price: '63900.0', stopPrice: '63950.0', triggeredAt: 1_700_000_000_000 })], btc);
    assert.deepEqual(line && [line.kind, line.ticks, english(line.label)], ['limit', 639000, 'Buy 0.01']);
  });

  it('draws nothing for an order with nothing left, a price off the grid or no price, or a stop without a stop price', () => {
    const lines = orderLinesFor(
      [order({ filledQty: '0.01' }), order({ price: '64990.05' }), order({ orderType: 'market', price: null }), order({ orderType: 'stop_market', stopPrice: null }), order({ quantity: 'x' })],
      btc,
    );
    assert.deepEqual(lines, []);
  });

  it('shows whole-share sizes without decimals', () => {
    const [line] = orderLinesFor([order({ symbol: 'AAPL', quantity: '50', filledQty: '0', price: '190.25' })], aapl);
    assert.equal(english(line?.label), 'Buy 50');
  });
});

describe('the entry line', () => {
  it('sits at the position\'s average cost, labelled with its size and price', () => {
    const entry = entryLineFor([{ symbol: 'ETH-USD', quantity: '2', avgCost: '3000' }, { symbol: 'BTC-USD', quantity: '0.25000000', avgCost: '65025.81234567' }], btc);
    assert.equal(entry?.price, 65025.81234567);
    assert.equal(english(entry?.label), 'Entry 0.25 @ 65,025.81');
    assert.equal(korean(entry?.label), '평균 단가 65,025.81 · 0.25');
  });

  it('is not drawn while flat or without a position in the instrument', () => {
    assert.equal(entryLineFor([{ symbol: 'BTC-USD', quantity: '0.00000000', avgCost: '0' }], btc), undefined);
    assert.equal(entryLineFor([{ symbol: 'ETH-USD', quantity: '1', avgCost: '3000' }], btc), undefined);
  });
});
