import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { amendOrder, type AmendOutcome, type AmendSession } from '../../../lib/client/amend-order.ts';
import type { ErrorMessage } from '../../../lib/protocol/messages.ts';
import type { OrderAmendedEvent, OrderEvent } from '../../../lib/protocol/order-events.ts';
import { english } from '../../helpers/english.ts';

/** An outcome with its text in English, as the chart says it. */
const inEnglish = (outcome: AmendOutcome) => ({ ...outcome, text: english(outcome.text) });

/** A session that records what was sent and lets the test answer it. */
function fakeSession(isConnected = true) {
  const orderListeners = new Set<(event: OrderEvent) => void>();
  const errorListeners = new Set<(message: ErrorMessage) => void>();
  const sent: Record<string, unknown>[] = [];
  const session: AmendSession = {
    send: (request) => {
      sent.push(request as Record<string, unknown>);
      return isConnected;
    },
    onOrderEvent: (listener) => {
      orderListeners.add(listener);
      return () => orderListeners.delete(listener);
    },
    onError: (listener) => {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
  };
  return {
    session,
    sent,
    emit: (event: OrderEvent) => [...orderListeners].forEach((l) => l(event)),
    refuse: (message: ErrorMessage) => [...errorListeners].forEach((l) => l(message)),
    listeners: () => orderListeners.size + errorListeners.size,
  };
}

const amended = (requestId: string, changes: Partial<OrderAmendedEvent> = {}): OrderAmendedEvent => ({
  type: 'order.amended', requestId, orderId: '42', clientOrderId: 'c42', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC',
  quantity: '0.50000000', price: '64000.0', stopPrice: null, postOnly: false, filledQty: '0.00000000', keptPriority: true, ts: 1, ...changes,
});

describe('amending an order from the page', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('sends order.amend with only the fields that change, and resolves with the engine\'s answer to that request', async () => {
    const fake = fakeSession();
    const outcome = amendOrder(fake.session, { orderId: '42', price: '64000.0' });
    const [request] = fake.sent;
    assert.deepEqual(Object.keys(request ?? {}).sort(), ['id', 'op', 'orderId', 'price']);
    assert.equal(request?.op, 'order.amend');
    const id = String(request?.id);
    fake.emit(amended('someone-else', { price: '1.0' }));
    fake.emit(amended(id, { keptPriority: false }));
    assert.deepEqual(inEnglish(await outcome), { status: 'amended', price: '64000.0', quantity: '0.50000000', filledQty: '0.00000000', keptPriority: false, text: 'Order changed (back of the queue)' });
    assert.equal(fake.listeners(), 0, 'stops listening once answered');
  });

  it('gives a fresh request id to each amend', () => {
    const fake = fakeSession();
    void amendOrder(fake.session, { orderId: '42', quantity: '0.4' });
    void amendOrder(fake.session, { orderId: '42', quantity: '0.4' });
    assert.notEqual(fake.sent[0]?.id, fake.sent[1]?.id);
    assert.equal(fake.sent[0]?.quantity, '0.4');
  });

  it('resolves with the engine\'s refusal in words', async () => {
    const fake = fakeSession();
    const outcome = amendOrder(fake.session, { orderId: '42', price: '66000.0' });
    fake.emit({ type: 'order.rejected', requestId: String(fake.sent[0]?.id), op: 'order.amend', code: 'POST_ONLY_WOULD_TAKE', message: 'would take 66000.0', orderId: '42', ts: 1 });
    assert.deepEqual(inEnglish(await outcome), { status: 'rejected', code: 'POST_ONLY_WOULD_TAKE', message: 'would take 66000.0', text: 'Not changed: Post only: the price would take liquidity' });
  });

  it('resolves with the gateway\'s refusal of its request id', async () => {
    const fake = fakeSession();
    const outcome = amendOrder(fake.session, { orderId: '42', price: '66000.0' });
    fake.refuse({ type: 'error', code: 'UNAUTHENTICATED', message: 'needs a session', id: 'other' });
    fake.refuse({ type: 'error', code: 'RATE_LIMITED', message: 'slow down', id: String(fake.sent[0]?.id) });
    assert.equal((await outcome).status, 'rejected');
    assert.equal(english((await outcome).text), 'Not changed: Too many orders, slow down');
  });

  it('fails without sending when there is nothing to change, when disconnected, or when no answer comes', async () => {
    const idle = fakeSession();
    assert.deepEqual(inEnglish(await amendOrder(idle.session, { orderId: '42' })), { status: 'failed', text: 'Nothing to change' });
    assert.equal(idle.sent.length, 0);

    const offline = fakeSession(false);
    assert.deepEqual(inEnglish(await amendOrder(offline.session, { orderId: '42', price: '1.0' })), { status: 'failed', text: 'Not connected: the change was not sent' });
    assert.equal(offline.listeners(), 0);

    const silent = fakeSession();
    const outcome = amendOrder(silent.session, { orderId: '42', price: '1.0' }, 5000);
    mock.timers.tick(5000);
    assert.deepEqual(inEnglish(await outcome), { status: 'failed', text: 'No answer from the exchange yet' });
    assert.equal(silent.listeners(), 0);
  });
});
