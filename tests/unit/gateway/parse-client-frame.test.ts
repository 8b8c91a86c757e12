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

  it('refuses an op it does not know', () => {
    const parsed = parseClientFrame('{"op":"order.modify","id":"r1"}');
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.code, ERROR_CODES.UNKNOWN_OP);
  });
});

describe('order.place with the new order types', () => {
  it('accepts stop, stop-limit, FOK and post-only orders as sent', () => {
    const requests = [
      { ...place, type: 'stop_market', timeInForce: undefined, price: undefined, stopPrice: '191.00' },
      { ...place, type: 'stop_limit', timeInForce: 'GTC', stopPrice: '191.00', price: '191.50' },
      { ...place, timeInForce: 'FOK' },
      { ...place, timeInForce: 'GTC', postOnly: true },
    ].map((r) => JSON.parse(JSON.stringify(r)) as object);
    for (const request of requests) assert.deepEqual(parseClientFrame(JSON.stringify(request)), { ok: true, request }, JSON.stringify(request));
  });

  it('names a bad type, time in force, stop price or post-only flag', () => {
    const cases: [object, string][] = [
      [{ ...place, type: 'trailing_stop' }, 'type: Invalid option: expected one of "market"|"limit"|"stop_market"|"stop_limit"'],
      [{ ...place, timeInForce: 'DAY' }, 'timeInForce: Invalid option: expected one of "GTC"|"IOC"|"FOK"'],
      [{ ...place, type: 'stop_limit', stopPrice: '-1' }, 'stopPrice: must be a decimal string like "1.25"'],
      [{ ...place, type: 'stop_limit', stopPrice: 191 }, 'stopPrice: Invalid input: expected string, received number'],
      [{ ...place, postOnly: 'yes' }, 'postOnly: Invalid input: expected boolean, received string'],
    ];
    for (const [request, message] of cases) {
      assert.deepEqual(parseClientFrame(JSON.stringify(request)), { ok: false, code: ERROR_CODES.BAD_MESSAGE, message, id: 'r1' }, JSON.stringify(request));
    }
  });
});

describe('order.amend at the gateway edge', () => {
  it('accepts a new price, a new quantity or both, by order id or client order id', () => {
    const requests = [
      { op: 'order.amend', id: 'r1', orderId: '42', price: '190.10' },
      { op: 'order.amend', id: 2, clientOrderId: 'c-1', quantity: '1' },
      { op: 'order.amend', orderId: '42', price: '190.10', quantity: '3' },
    ];
    for (const request of requests) assert.deepEqual(parseClientFrame(JSON.stringify(request)), { ok: true, request }, JSON.stringify(request));
  });

  it('says which id or change is missing, and echoes the request id', () => {
    const cases: [object, string][] = [
      [{ op: 'order.amend', id: 'r1', price: '190.10' }, 'give exactly one of orderId and clientOrderId'],
      [{ op: 'order.amend', id: 'r1', orderId: '42', clientOrderId: 'c-1', price: '190.10' }, 'give exactly one of orderId and clientOrderId'],
      [{ op: 'order.amend', id: 'r1', orderId: '42' }, 'give a new price, a new quantity or both'],
      [{ op: 'order.amend', id: 'r1', orderId: '42', quantity: '0.5', side: 'sell' }, 'Unrecognized key: "side"'],
      [{ op: 'order.amend', id: 'r1', orderId: '42', price: '1e3' }, 'price: must be a decimal string like "1.25"'],
      [{ op: 'order.amend', id: 'r1', orderId: 'abc', price: '1' }, 'orderId: must be an order id string'],
    ];
    for (const [request, message] of cases) {
      assert.deepEqual(parseClientFrame(JSON.stringify(request)), { ok: false, code: ERROR_CODES.BAD_MESSAGE, message, id: 'r1' }, JSON.stringify(request));
    }
  });
});
