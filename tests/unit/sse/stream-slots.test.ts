import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { releaseOnAbort, StreamSlots, streamsFullResponse } from '../../../server/web/sse/stream-slots.ts';

describe('StreamSlots', () => {
  it('gives out at most max slots, each released once however often its release is called', () => {
    const slots = new StreamSlots(2);
    const first = slots.take();
    const second = slots.take();
    assert.ok(first && second);
    assert.equal(slots.take(), undefined);
    first();
    first();
    assert.equal(slots.size, 1, 'a second release of the same slot frees nothing more');
    const third = slots.take();
    assert.ok(third);
    assert.equal(slots.take(), undefined);
    second();
    third();
    assert.equal(slots.size, 0);
  });

  it('gives a slot back when the client leaves, or at once if it already has', () => {
    const slots = new StreamSlots(2);
    const leaving = new AbortController();
    releaseOnAbort(leaving.signal, slots.take() ?? assert.fail('a slot'));
    const gone = new AbortController();
    gone.abort();
    releaseOnAbort(gone.signal, slots.take() ?? assert.fail('a slot'));
    assert.equal(slots.size, 1, 'the client already gone gave its slot back');
    leaving.abort();
    assert.equal(slots.size, 0);
  });

  it('answers a full node with 503, Retry-After and a stable error code', async () => {
    const res = streamsFullResponse('sse');
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '5');
    assert.equal(((await res.json()) as { error: string }).error, 'too_many_streams');
  });
});
