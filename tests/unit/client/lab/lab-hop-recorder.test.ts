// The lab's hop recorder: a wire message's arrival time goes with the deltas it carried, which become
// samples at the next animation frame (one frame asked for however many deltas arrive before it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClockOffset } from '../../../../lib/client/clock-offset.ts';
import { LabHopRecorder } from '../../../../lib/client/lab/book-hops.ts';

describe('LabHopRecorder', () => {
  it('times each book delta with hops at the next frame, and nothing else', () => {
    const frames: (() => void)[] = [];
    const recorder = new LabHopRecorder(new ClockOffset(), (callback) => frames.push(callback));
    const now = Date.now();
    recorder.onWireMessage();
    recorder.onPayload([
      { type: 'book.delta', seq: 1, hops: [now - 5, now - 4, now - 3] },
      { type: 'book.delta', seq: 2, hops: [now - 5, now - 4, now - 3] },
      { type: 'book.snapshot', seq: 0, hops: [now - 5, now - 4, now - 3] },
      { type: 'pong', id: 'x' },
    ]);
    recorder.onWireMessage();
    recorder.onPayload({ type: 'book.delta', seq: 3 });
    assert.equal(frames.length, 1, 'one frame for everything before it');
    assert.equal(recorder.timing.summary().count, 0);
    frames[0]?.();
    const { count, hops } = recorder.timing.summary();
    assert.equal(count, 2, 'the two deltas with hops; not the snapshot, the pong or the delta without hops');
    assert.ok(hops.every((hop) => hop !== undefined && hop.p50 >= 0));
    recorder.onPayload({ type: 'book.delta', seq: 4, hops: [now, now, now] });
    assert.equal(frames.length, 2, 'the next delta asks for the next frame');
  });
});
