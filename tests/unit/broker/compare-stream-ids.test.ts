// compareStreamIds orders `<ms>-<seq>` ids numerically, the way Redis does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareStreamIds } from '../../../lib/broker/broker.ts';

describe('compareStreamIds', () => {
  it('returns zero for equal ids', () => {
    assert.equal(compareStreamIds('1700000000000-3', '1700000000000-3'), 0);
  });

  it('orders by milliseconds first', () => {
    assert.ok(compareStreamIds('1700000000000-9', '1700000000001-0') < 0);
    assert.ok(compareStreamIds('1700000000001-0', '1700000000000-9') > 0);
  });

  it('orders by sequence within the same millisecond', () => {
    assert.ok(compareStreamIds('5-1', '5-2') < 0);
    assert.ok(compareStreamIds('5-2', '5-1') > 0);
  });

  it('compares numbers, not strings', () => {
    assert.ok(compareStreamIds('9-0', '10-0') < 0);
    assert.ok(compareStreamIds('1-9', '1-10') < 0);
  });

  it('treats a bare millisecond as sequence zero, so "0" means before everything', () => {
    assert.equal(compareStreamIds('0', '0-0'), 0);
    assert.ok(compareStreamIds('0', '0-1') < 0);
    assert.ok(compareStreamIds('1700000000000', '1700000000000-1') < 0);
  });

  it('sorts a list of ids into stream order', () => {
    const ids = ['10-0', '2-5', '2-10', '0-1', '10-1'];
    assert.deepEqual([...ids].sort(compareStreamIds), ['0-1', '2-5', '2-10', '10-0', '10-1']);
  });
});
