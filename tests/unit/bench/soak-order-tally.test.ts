// The soak's order accounting: every order must end exactly once; a second acceptance, a repeated
// fill or a second end is doubled; an order with no end stays open (lost once the run has drained).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderTally } from '../../../bench/soak/order-tally.ts';

const filled = (clientOrderId: string, fillId: string, status = 'filled') => ({ type: 'order.filled', clientOrderId, fillId, status });

describe('soak order tally', () => {
  it('answers an order once, when it is filled in full', () => {
    const tally = new OrderTally();
    tally.sent('a', 'u0');
    tally.read({ type: 'order.accepted', clientOrderId: 'a' });
    assert.equal(tally.open, 1);
    tally.read(filled('a', 'f1', 'partially_filled'));
    assert.equal(tally.openOrdersOf('u0'), 1);
    tally.read(filled('a', 'f2'));
    assert.equal(tally.open, 0);
    assert.deepEqual(tally.take(), { sent: 1, answered: 1, refused: 0, doubled: 0 });
  });

  it('ends an order on its cancel, its reject, or the gateway refusing it (an error reply to its id)', () => {
    const tally = new OrderTally();
    for (const id of ['a', 'b', 'c']) tally.sent(id, 'u1');
    tally.read({ type: 'order.cancelled', clientOrderId: 'a' });
    tally.read({ type: 'order.rejected', clientOrderId: 'b', code: 'NO_LIQUIDITY' });
    tally.read({ type: 'error', id: 'c', code: 'RATE_LIMITED' });
    assert.equal(tally.openOrdersOf('u1'), 0);
    assert.deepEqual(tally.take(), { sent: 3, answered: 3, refused: 2, doubled: 0 });
  });

  it('counts a second acceptance, a repeated fill and a second end as doubled', () => {
    const tally = new OrderTally();
    tally.sent('a', 'u0');
    tally.read({ type: 'order.accepted', clientOrderId: 'a' });
    tally.read({ type: 'order.accepted', clientOrderId: 'a' });
    tally.read(filled('a', 'f1', 'partially_filled'));
    tally.read(filled('a', 'f1', 'partially_filled'));
    tally.read(filled('a', 'f2'));
    tally.read({ type: 'order.cancelled', clientOrderId: 'a' });
    assert.deepEqual(tally.take(), { sent: 1, answered: 1, refused: 0, doubled: 3 });
  });

  it('ignores messages about orders it did not send, and balances and positions', () => {
    const tally = new OrderTally();
    tally.sent('a', 'u0');
    tally.read(filled('other', 'f9'));
    tally.read({ type: 'balance' });
    tally.read({ type: 'error', code: 'BAD_MESSAGE' });
    assert.equal(tally.open, 1);
    assert.deepEqual(tally.take(), { sent: 1, answered: 0, refused: 0, doubled: 0 });
  });

  it('keeps windows apart while the totals run on', () => {
    const tally = new OrderTally();
    tally.sent('a', 'u0');
    tally.sent('b', 'u1');
    assert.deepEqual(tally.take(), { sent: 2, answered: 0, refused: 0, doubled: 0 });
    tally.read(filled('a', 'f1'));
    assert.deepEqual(tally.take(), { sent: 0, answered: 1, refused: 0, doubled: 0 });
    assert.deepEqual(tally.totals(), { sent: 2, answered: 1, refused: 0, doubled: 0 });
    assert.equal(tally.openOrdersOf('u1'), 1);
    assert.equal(tally.openOrdersOf('nobody'), 0);
  });
});
