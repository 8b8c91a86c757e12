// Which cancels and cancelAlls a batch's one read settles: another user's id and an id that never existed
// are UNKNOWN_ORDER, an empty symbol's cancelAll is done with 0; anything a read of its own must decide is left.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerCancelAllFromFacts, answerCancelFromFacts, type BatchFacts } from '../../../workers/engine/batch-facts.ts';

const facts: BatchFacts = {
  owners: new Map([
    [10n, 'alice'],
    [11n, 'bob'],
  ]),
  maxOrderId: 20n,
  openPairs: new Set(['alice AAPL']),
  placing: new Set(['carol']),
};
const codeOf = (outcome: ReturnType<typeof answerCancelFromFacts>): string | undefined => {
  const event = outcome?.events[0];
  return event === undefined ? undefined : event.type === 'order.rejected' ? event.code : event.type;
};

describe('a batch read settles cancels', () => {
  it("answers UNKNOWN_ORDER for another user's order and for an id that never existed", () => {
    assert.equal(codeOf(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', orderId: '11' })), 'UNKNOWN_ORDER');
    assert.equal(codeOf(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', orderId: '15' })), 'UNKNOWN_ORDER', 'below the highest id and absent');
    assert.equal(codeOf(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', orderId: '9223372036854775999' })), 'UNKNOWN_ORDER', 'past the id column');
  });

  it("leaves the user's own order, an id newer than the read, and a client order id to a read of their own", () => {
    assert.equal(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', orderId: '10' }), undefined);
    assert.equal(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', orderId: '21' }), undefined);
    assert.equal(answerCancelFromFacts(facts, 'alice', { op: 'order.cancel', clientOrderId: 'c1' }), undefined);
  });

  it('answers a cancelAll with nothing open, unless the user has open orders there or places orders in the batch', () => {
    assert.equal(codeOf(answerCancelAllFromFacts(facts, 'alice', { op: 'order.cancelAll', symbol: 'MSFT' })), 'order.cancelAll.done');
    assert.equal(answerCancelAllFromFacts(facts, 'alice', { op: 'order.cancelAll', symbol: 'AAPL' }), undefined);
    assert.equal(answerCancelAllFromFacts(facts, 'carol', { op: 'order.cancelAll', symbol: 'MSFT' }), undefined);
    assert.equal(answerCancelAllFromFacts(facts, 'alice', { op: 'order.cancelAll', symbol: 'NOPE' }), undefined, 'an unlisted symbol is rejected by the read path');
  });
});
