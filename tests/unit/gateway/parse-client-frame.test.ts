import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import { parseClientFrame } from '../../../server/gateway/routing/parse-client-frame.ts';

const place = { op: 'order.place', id: 'r1', clientOrderId: 'c-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'IOC', quantity: '2', price: '190.05' };

describe('order ops at the gateway edge', () => {
  it('accepts each order op in its schema', () => {
    for (const request of [place, { op: 'order.cancel', orderId: '42' }, { op: 'order.cancel', id: 7, clientOrderId: 'c-1' }, { op: 'order.cancelAll', symbol: 'AAPL' }]) {
      const parsed = parseClientFrame(JSON.stringify(request));
      assert.deepEqual(parsed, { ok: true, request }, JSON.stringify(request));
    }
  });

  it('names the bad field of an order op and echoes the request id', () => {
    const cases: [object, string][] = [
      [{ ...place, quantity: '1e3' }, 'quantity: must be a decimal string like "1.25"'],
      [{ ...place, side: 'short' }, 'side: Invalid option: expected one of "buy"|"sell"'],
      [{ ...place, clientOrderId: 'has space' }, 'clientOrderId: must be 1-64 letters, digits or _.:-'],
      [{ ...place, leverage: 10 }, 'Unrecognized key: "leverage"'],
      [{ op: 'order.cancel', id: 'r1' }, 'give exactly one of orderId and clientOrderId'],
      [{ op: 'order.cancel', id: 'r1', orderId: '1', clientOrderId: 'c' }, 'give exactly one of orderId and clientOrderId'],
      [{ op: 'order.cancel', id: 'r1', orderId: '007' }, 'orderId: must be an order id string'],
      [{ op: 'order.cancelAll', id: 'r1' }, 'symbol: Invalid input: expected string, received undefined'],
    ];
    for (const [request, message] of cases) {
      assert.deepEqual(parseClientFrame(JSON.stringify(request)), { ok: false, code: ERROR_CODES.BAD_MESSAGE, message, id: 'r1' }, JSON.stringify(request));
    }
  });

  it('still refuses ops it does not know', () => {
    const parsed = parseClientFrame('{"op":"order.amend","id":"r1"}');
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.code, ERROR_CODES.UNKNOWN_OP);
  });
});
