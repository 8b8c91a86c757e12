import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelText, rejectText } from '../../../lib/client/reject-reasons.ts';
import { english, korean } from '../../helpers/english.ts';

describe('reject and cancel reasons in words', () => {
  it('names the engine\'s codes in English and in Korean', () => {
    assert.equal(english(rejectText('INSUFFICIENT_FUNDS')), 'Insufficient funds');
    assert.equal(korean(rejectText('INSUFFICIENT_FUNDS')), '잔고 부족');
    assert.equal(english(rejectText('POST_ONLY_WOULD_TAKE')), 'Post only: the price would take liquidity');
    assert.equal(english(cancelText('IOC_EXPIRED')), 'rest expired (IOC)');
    assert.equal(korean(cancelText('DEADMAN_SWITCH')), '데드맨 스위치로 취소됨');
  });

  it('passes a code it does not know through, in either language', () => {
    assert.equal(english(rejectText('SOMETHING_NEW')), 'SOMETHING_NEW');
    assert.equal(korean(rejectText('SOMETHING_NEW')), 'SOMETHING_NEW');
    assert.equal(english(cancelText('SOMETHING_NEW')), 'cancelled (SOMETHING_NEW)');
    assert.equal(korean(cancelText('SOMETHING_NEW')), '취소됨 (SOMETHING_NEW)');
    // Not a key path: a code that looks like one is not looked up.
    assert.equal(english(rejectText('reject.other')), 'reject.other');
  });
});
