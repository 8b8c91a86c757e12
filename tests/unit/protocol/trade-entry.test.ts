// A trade as the trades stream keeps it: the body without its id, the entry id spliced back in on the way out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeTradeEntry, tradePayload } from '../../../lib/protocol/trade-entry.ts';

describe('trade entries', () => {
  it('stores a trade without its id and reads it back with the entry id as its id', () => {
    const data = encodeTradeEntry({ type: 'trade', symbol: 'BTC-USD', price: '65000.0', size: '0.5', side: 'sell', ts: 7 });
    assert.equal(data.includes('"id"'), false);
    assert.deepEqual(JSON.parse(tradePayload({ id: '1764160000000-3', data })), {
      type: 'trade', id: '1764160000000-3', symbol: 'BTC-USD', price: '65000.0', size: '0.5', side: 'sell', ts: 7,
    });
  });

  it('gives nothing for an entry that is not a trade', () => {
    assert.equal(tradePayload({ id: '1-0', data: '{"type":"index","ts":1}' }), '');
    assert.equal(tradePayload({ id: '1-0', data: 'nonsense' }), '');
  });
});
