// The SSE query: symbols and the resume id, validated at the boundary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIndexStreamQuery } from '../../../lib/protocol/index-query.ts';

const parse = (query: string, headers: Record<string, string> = {}) => parseIndexStreamQuery(new Request(`http://x/api/stream/index${query}`, { headers }));

describe('index stream query', () => {
  it('accepts known symbols, trims and removes duplicates, keeping the order given', () => {
    const parsed = parse('?symbols=ETH-USD, BTC-USD,ETH-USD,');
    assert.deepEqual(parsed.data?.symbols, ['ETH-USD', 'BTC-USD']);
  });

  it('refuses unknown symbols and too many of them', () => {
    assert.equal(parse('?symbols=BTC-USD,NOPE').error?.issues[0]?.message, 'unknown symbol "NOPE"');
    const many = Array.from({ length: 21 }, () => 'BTC-USD').join(',');
    assert.equal(parse(`?symbols=${many}`).error?.issues[0]?.message, 'at most 20 symbols');
  });

  it('takes the resume id from Last-Event-ID before ?lastEventId=', () => {
    assert.equal(parse('?lastEventId=1-0', { 'Last-Event-ID': '2-0' }).data?.lastEventId, '2-0');
    assert.equal(parse('?lastEventId=1-0').data?.lastEventId, '1-0');
    assert.equal(parse('?lastEventId=').data?.lastEventId, undefined);
  });

  it('refuses a resume id that is not a stream id', () => {
    const parsed = parse('', { 'Last-Event-ID': 'abc' });
    assert.deepEqual([parsed.error?.issues[0]?.path, parsed.error?.issues[0]?.message], [['lastEventId'], 'must be a stream id like 1700000000000-0']);
  });
});
