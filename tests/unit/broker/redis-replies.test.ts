// The Redis reply parsers accept only what this broker writes and fall back safely on anything else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATA_FIELD, errorMessage, parseDeliveries, parseEntries, parseGroupRead } from '../../../lib/broker/redis-replies.ts';

describe('redis replies', () => {
  it('parses entries written with the data field and skips foreign or malformed ones', () => {
    const raw = [['1-0', [DATA_FIELD, 'a']], ['2-0', ['other', 'b']], ['3-0', null], 'junk', ['4-0', [DATA_FIELD, 'd']]];
    assert.deepEqual(parseEntries(raw), [
      { id: '1-0', data: 'a' },
      { id: '4-0', data: 'd' },
    ]);
    assert.deepEqual(parseEntries(null), []);
  });

  it('reads the entries of a one-stream XREADGROUP reply, and none from a timed-out read', () => {
    assert.deepEqual(parseGroupRead([['q', [['5-1', [DATA_FIELD, 'x']]]]]), [{ id: '5-1', data: 'x' }]);
    assert.deepEqual(parseGroupRead(null), []);
  });

  it('takes the delivery count from an XPENDING row and assumes one without it', () => {
    assert.equal(parseDeliveries([['5-1', 'consumer', 1200, 3]]), 3);
    assert.equal(parseDeliveries([]), 1);
    assert.equal(parseDeliveries(null), 1);
  });

  it('reads the message of a Redis error and of anything else thrown', () => {
    assert.equal(errorMessage(new Error('NOGROUP No such key')), 'NOGROUP No such key');
    assert.equal(errorMessage('BUSYGROUP'), 'BUSYGROUP');
  });
});
