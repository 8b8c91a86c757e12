import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelOutcome, cancelRequestFor, sendCancel, type CancelOutcome, type CancelRequest } from '../../../components/chart/chart-order-requests.ts';
import type { OrderEvent } from '../../../lib/protocol/order-events.ts';
import { english } from '../../helpers/english.ts';

const seven: CancelRequest = { requestId: 'chart-cancel-7-1', orderId: '7' };
const eight: CancelRequest = { requestId: 'chart-cancel-8-2', orderId: '8' };
const cancelled = (orderId: string, requestId?: string): OrderEvent => ({ type: 'order.cancelled', ...(requestId === undefined ? {} : { requestId }), orderId, clientOrderId: `c${orderId}`, symbol: 'BTC-USD', reason: 'USER_REQUESTED', filledQty: '0', ts: 1 });
const rejected = (fields: Partial<Extract<OrderEvent, { type: 'order.rejected' }>>): OrderEvent => ({ type: 'order.rejected', op: 'order.cancel', code: 'UNKNOWN_ORDER', message: 'x', ts: 1, ...fields });
const filled = (orderId: string, status: 'filled' | 'partially_filled'): OrderEvent => ({
  type: 'order.filled',
  orderId,
  clientOrderId: `c${orderId}`,
  symbol: 'BTC-USD',
  side: 'buy',
  fillId: '1',
  price: '1',
  size: '1',
  fee: '0',
  liquidity: 'maker',
  filledQty: '1',
  avgPrice: '1',
  status,
  ts: 1,
});

describe('cancelling from the chart', () => {
  it('sends order.cancel by order id under a request id of its own', () => {
    const sent: object[] = [];
    const request = cancelRequestFor('7');
    assert.match(request.requestId, /^chart-cancel-7-\d+$/);
    assert.notEqual(cancelRequestFor('7').requestId, request.requestId);
    assert.equal(
      sendCancel({ send: (r: object) => (sent.push(r), true) }, request),
      true,
    );
    assert.deepEqual(sent, [{ op: 'order.cancel', id: request.requestId, orderId: '7' }]);
    assert.equal(sendCancel({ send: () => false }, request), false);
  });

  it('is done when the order ends, by this cancel or otherwise', () => {
    assert.deepEqual(cancelOutcome(cancelled('7', 'chart-cancel-7-1'), [seven, eight]), { request: seven, isDone: true });
    assert.deepEqual(cancelOutcome(cancelled('8'), [seven, eight]), { request: eight, isDone: true });
    assert.deepEqual(cancelOutcome(filled('8', 'filled'), [seven, eight]), { request: eight, isDone: true });
    assert.equal(cancelOutcome(filled('8', 'partially_filled'), [seven, eight]), undefined);
    assert.equal(cancelOutcome(cancelled('9'), [seven, eight]), undefined);
  });

  it('is refused, with the reason in words, by a rejection or a gateway error of its own', () => {
    const inEnglish = (outcome: CancelOutcome | undefined) => outcome && (outcome.isDone ? outcome : { ...outcome, reason: english(outcome.reason) });
    assert.deepEqual(inEnglish(cancelOutcome(rejected({ requestId: 'chart-cancel-7-1' }), [seven, eight])), { request: seven, isDone: false, reason: 'Order not found' });
    assert.deepEqual(inEnglish(cancelOutcome(rejected({ orderId: '8' }), [seven, eight])), { request: eight, isDone: false, reason: 'Order not found' });
    assert.deepEqual(inEnglish(cancelOutcome({ type: 'error', code: 'RATE_LIMITED', id: 'chart-cancel-8-2' }, [seven, eight])), { request: eight, isDone: false, reason: 'Too many orders, slow down' });
    assert.equal(cancelOutcome({ type: 'error', code: 'RATE_LIMITED', id: 'place-1' }, [seven, eight]), undefined);
    // Someone else's rejection (an amend of the same order, another tab's request) is not this cancel's.
    assert.equal(cancelOutcome(rejected({ op: 'order.amend', orderId: '7' }), [seven]), undefined);
    assert.equal(cancelOutcome(rejected({ requestId: 'other', orderId: '7' }), [seven]), undefined);
  });
});
