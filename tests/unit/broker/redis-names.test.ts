// The name builders: one Redis keeps its historical layout; a cluster hash-tags each stream with its tail channel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redisClusterNames, redisNames } from '../../../lib/broker/redis-names.ts';

/** The part of a name a cluster hashes: the first non-empty `{...}`, else the whole name (cluster spec, "hash tags"). */
function hashedPart(name: string): string {
  const open = name.indexOf('{');
  const close = open < 0 ? -1 : name.indexOf('}', open + 1);
  return close > open + 1 ? name.slice(open + 1, close) : name;
}

describe('redis names', () => {
  it('keeps the single-Redis layout unchanged', () => {
    const names = redisNames('tw:');
    assert.deepEqual(
      [names.key('k'), names.stream('md:index'), names.queue('orders'), names.channel('md:book:BTC-USD'), names.tail('md:index')],
      ['tw:key:k', 'tw:stream:md:index', 'tw:queue:orders', 'tw:channel:md:book:BTC-USD', 'tw:tail:md:index'],
    );
  });

  it('tags a cluster stream and its tail alike and leaves single-name things untagged', () => {
    const names = redisClusterNames('tw:');
    assert.equal(names.stream('md:index'), '{tw:stream:md:index}');
    assert.equal(names.tail('md:index'), '{tw:stream:md:index}:tail');
    assert.deepEqual([names.key('k'), names.queue('orders'), names.channel('md:book:BTC-USD')], ['tw:key:k', 'tw:queue:orders', 'tw:channel:md:book:BTC-USD']);
  });

  it('hashes every stream and its tail on the same part, whatever braces the stream name holds', () => {
    const names = redisClusterNames('tw:');
    for (const stream of ['md:index', 'a}b', '{x}', 'a{b}c', '}{', '']) {
      assert.equal(hashedPart(names.tail(stream)), hashedPart(names.stream(stream)), `stream ${JSON.stringify(stream)}`);
    }
  });
});
