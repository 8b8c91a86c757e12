import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderRow } from '../../../lib/client/account-schemas.ts';
import { openOrderView, type OpenOrderView } from '../../../lib/client/open-order-view.ts';
import { english, korean } from '../../helpers/english.ts';

const row = (changes: Partial<OrderRow>): OrderRow => ({
  orderId: '9', clientOrderId: 'c9', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC', quantity: '0.1', price: '64000.0',
  stopPrice: null, postOnly: false, triggeredAt: null, filledQty: '0', status: 'open', createdAt: 0, ...changes,
});

/** The view with its words in English, as the table shows them. */
const inEnglish = (view: OpenOrderView) => ({ ...view, typeLabel: english(view.typeLabel), tags: view.tags.map(english), cancelLabel: english(view.cancelLabel) });

describe('an open order as the table shows it', () => {
  it('shows a limit at its price, tagged when post-only, with no trigger', () => {
    const view = inEnglish(openOrderView(row({ postOnly: true })));
    assert.deepEqual(view, { typeLabel: 'Limit', tags: ['Post'], priceText: '64,000.0', triggerText: undefined, stopState: undefined, cancelLabel: 'Cancel buy 0.1 BTC-USD at 64000.0' });
  });

  it('shows a waiting stop-market as a market order triggered at or above its stop', () => {
    const view = inEnglish(openOrderView(row({ orderType: 'stop_market', timeInForce: 'IOC', price: '71500.0', stopPrice: '65000.0' })));
    // No limit to show: the table says "market".
    assert.deepEqual([view.typeLabel, view.tags, view.priceText, view.triggerText, view.stopState], ['Stop', [], undefined, '≥ 65,000.0', 'waiting']);
    assert.equal(view.cancelLabel, 'Cancel buy stop 0.1 BTC-USD at 65,000.0');
  });

  it('shows a triggered sell stop-limit with its time in force when it is not GTC', () => {
    const view = inEnglish(openOrderView(row({ side: 'sell', orderType: 'stop_limit', timeInForce: 'FOK', price: '63900.0', stopPrice: '64000.0', triggeredAt: 5 })));
    assert.deepEqual([view.typeLabel, view.tags, view.priceText, view.triggerText, view.stopState], ['Stop limit', ['FOK'], '63,900.0', '≤ 64,000.0', 'triggered']);
  });

  it('says the same in Korean, with trading terms', () => {
    const view = openOrderView(row({ side: 'sell', orderType: 'stop_limit', timeInForce: 'FOK', price: '63900.0', stopPrice: '64000.0', postOnly: false }));
    assert.equal(korean(view.typeLabel), '스탑 지정가');
    assert.equal(korean(view.cancelLabel), 'BTC-USD 감시가 64,000.0 스탑 매도 0.1 주문 취소');
    assert.equal(korean(openOrderView(row({ postOnly: true })).tags[0]), '메이커');
    assert.equal(korean(openOrderView(row({ orderType: 'market', price: null })).cancelLabel), 'BTC-USD 시장가 매수 0.1 주문 취소');
  });
});
