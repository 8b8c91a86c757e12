// The depth-view delta is the heart of "encode once per bucket": applied to the old top N it must give
// exactly the new top N, whatever changed above, inside or below the view. Property-tested on the
// gateway's own pieces (no sockets), alongside the socket tests that check the same end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Level } from '../../lib/market/price-ladder.ts';
import { PriceLadder } from '../../lib/market/price-ladder.ts';
import { bucketFor } from '../../server/gateway/fanout/depth-buckets.ts';
import { FrameRing } from '../../server/gateway/fanout/frame-ring.ts';
import { joinFrames, rawFrame } from '../../server/gateway/fanout/shared-frame.ts';
import { diffTop } from '../../server/gateway/fanout/top-diff.ts';
import { level } from '../helpers/levels.ts';

const change = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 3 })).map(([priceTicks, lots]) => level(priceTicks, lots));

function applyTo(view: readonly Level[], changes: readonly Level[], isBid: boolean): Level[] {
  const ladder = new PriceLadder(isBid);
  for (const [price, lots] of view) ladder.set(price, lots);
  for (const [price, lots] of changes) ladder.set(price, lots);
  return ladder.top(ladder.depth);
}

test('a view delta turns the old top N into exactly the new top N', () => {
  fc.assert(
    fc.property(fc.array(change, { maxLength: 80 }), fc.array(change, { maxLength: 20 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), (initial, updates, depth, isBid) => {
      const book = new PriceLadder(isBid);
      for (const [price, lots] of initial) book.set(price, lots);
      const before = book.top(book.depth);
      for (const [price, lots] of updates) book.set(price, lots);
      const after = book.top(book.depth);
      const delta = diffTop(before, after, depth, isBid);
      assert.deepEqual(applyTo(before.slice(0, depth), delta, isBid), after.slice(0, depth));
    }),
    { numRuns: 2000 },
  );
});

test('depth requests round up to a bucket', () => {
  const buckets = [10, 25, 50, 100, 200];
  assert.deepEqual([1, 10, 11, 25, 26, 199, 200, 500].map((d) => bucketFor(d, buckets)), [10, 10, 25, 25, 50, 200, 200, 200]);
});

test('the replay ring returns exactly the frames after a seq, or nothing once they are gone', () => {
  const ring = new FrameRing(5);
  for (let seq = 10; seq <= 17; seq++) ring.push(seq, rawFrame(`{"seq":${seq}}`));
  assert.deepEqual(ring.framesAfter(14)?.map((f) => f.data.toString()), ['{"seq":15}', '{"seq":16}', '{"seq":17}']);
  assert.deepEqual(ring.framesAfter(12)?.length, 5);
  assert.equal(ring.framesAfter(11), undefined, 'seq 12 was overwritten');
  assert.deepEqual(ring.framesAfter(17), []);
  assert.equal(ring.framesAfter(18), undefined);
  ring.push(30, rawFrame('{"seq":30}'));
  assert.equal(ring.framesAfter(16), undefined, 'a jump starts the ring over');
});

test('joined frames splice arrays without re-encoding', () => {
  const joined = joinFrames([rawFrame('{"a":1}'), joinFrames([rawFrame('{"b":2}'), rawFrame('{"c":3}')]), rawFrame('{"d":4}')]);
  assert.equal(joined.data.toString(), '[{"a":1},{"b":2},{"c":3},{"d":4}]');
  assert.equal(joined.count, 4);
});
