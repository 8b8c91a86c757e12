import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderRow } from '../../../lib/client/account-schemas.ts';
import { openOrderView } from '../../../lib/client/open-order-view.ts';

const row = (changes: Partial<OrderRow>): OrderRow => ({
  orderId: '9', clientOrderId: 'c9', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC', quantity: '0.1', price: '64000.0',
  stopPrice: null, postOnly: false, triggeredAt: null, filledQty: '0', status: 'open', createdAt: 0, ...changes,
});

describe('an open order as the table shows it', () => {
  it('shows a limit at its price, tagged when post-only, with no trigger', () => {
    const view = openOrderView(row({ postOnly: true }));
    assert.deepEqual(view, { typeLabel: 'Limit', tags: ['Post'], priceText: '64,000.0', triggerText: undefined, stopState: undefined, cancelLabel: 'Cancel buy 0.1 BTC-USD at 64000.0' });
  });

  it('shows a waiting stop-market as a market order triggered at or above its stop', () => {
    const view = openOrderView(row({ orderType: 'stop_market', timeInForce: 'IOC', price: '71500.0', stopPrice: '65000.0' }));
    assert.deepEqual([view.typeLabel, view.tags, view.priceText, view.triggerText, view.stopState], ['Stop', [], 'market', '≥ 65,000.0', 'waiting']);
    assert.equal(view.cancelLabel, 'Cancel buy stop 0.1 BTC-USD at 65,000.0');
  });

  it('shows a triggered sell stop-limit with its time in force when it is not GTC', () => {
    const view = openOrderView(row({ side: 'sell', orderType: 'stop_limit', timeInForce: 'FOK', price: '63900.0', stopPrice: '64000.0', triggeredAt: 5 }));
    assert.deepEqual([view.typeLabel, view.tags, view.priceText, view.triggerText, view.stopState], ['Stop limit', ['FOK'], '63,900.0', '≤ 64,000.0', 'triggered']);
  });
});
