import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayedTicks, IDLE, reduceLineDrag, type LineDrag, type LineDragEvent } from '../../../components/chart/line-drag.ts';
import { asTicks, type Ticks } from '../../../lib/market/units.ts';

const t = (n: number): Ticks => asTicks(n);
const run = (events: LineDragEvent[], from: LineDrag = IDLE): LineDrag => events.reduce(reduceLineDrag, from);
const prices = (entries: [string, number | undefined][]) => ({ type: 'synced' as const, prices: new Map(entries.map(([id, p]) => [id, p === undefined ? undefined : t(p)])) });

describe('dragging a line', () => {
  it('follows the pointer, then asks to confirm the new price on release', () => {
    const moving = run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(104) }, { type: 'move', to: t(107) }]);
    assert.deepEqual(moving, { phase: 'moving', via: 'pointer', orderId: 'a', from: 100, to: 107 });
    assert.equal(displayedTicks(moving, 'a', t(100)), 107);
    assert.equal(displayedTicks(moving, 'b', t(90)), 90);
    assert.deepEqual(reduceLineDrag(moving, { type: 'release' }), { phase: 'confirming', via: 'pointer', orderId: 'a', from: 100, to: 107 });
  });

  it('treats a release where it started as a click: nothing to confirm', () => {
    assert.equal(run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(103) }, { type: 'move', to: t(100) }, { type: 'release' }]), IDLE);
  });

  it('puts the line back on Escape, while moving or confirming', () => {
    assert.equal(run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(103) }, { type: 'cancel' }]), IDLE);
    const confirming = run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(103) }, { type: 'release' }]);
    assert.equal(reduceLineDrag(confirming, { type: 'cancel' }), IDLE);
    assert.equal(displayedTicks(IDLE, 'a', t(100)), 100);
  });

  it('lets a grab of another line replace an open confirmation, but not a move in progress', () => {
    const confirming = run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(103) }, { type: 'release' }]);
    assert.deepEqual(reduceLineDrag(confirming, { type: 'grab', orderId: 'b', at: t(90) }), { phase: 'moving', via: 'pointer', orderId: 'b', from: 90, to: 90 });
    const moving = run([{ type: 'grab', orderId: 'a', at: t(100) }]);
    assert.equal(reduceLineDrag(moving, { type: 'grab', orderId: 'b', at: t(90) }), moving);
  });
});

describe('moving a line with the keyboard', () => {
  it('steps from the order\'s price, then Enter asks to confirm', () => {
    const moved = run([
      { type: 'step', orderId: 'a', at: t(100), step: 1 },
      { type: 'step', orderId: 'a', at: t(100), step: 10 },
      { type: 'step', orderId: 'a', at: t(100), step: -1 },
    ]);
    assert.deepEqual(moved, { phase: 'moving', via: 'keyboard', orderId: 'a', from: 100, to: 110 });
    assert.equal(reduceLineDrag(moved, { type: 'commit' }).phase, 'confirming');
  });

  it('drops the move when focus leaves its handle, or when Enter finds it back where it was', () => {
    const moved = run([{ type: 'step', orderId: 'a', at: t(100), step: 1 }]);
    assert.equal(reduceLineDrag(moved, { type: 'leave', orderId: 'a' }), IDLE);
    assert.equal(reduceLineDrag(moved, { type: 'leave', orderId: 'b' }), moved);
    assert.equal(run([{ type: 'step', orderId: 'a', at: t(100), step: -1 }, { type: 'commit' }], moved), IDLE);
  });

  it('keeps a confirmation open when focus moves to it (leave only ends a keyboard move)', () => {
    const confirming = run([{ type: 'step', orderId: 'a', at: t(100), step: 1 }, { type: 'commit' }]);
    assert.equal(reduceLineDrag(confirming, { type: 'leave', orderId: 'a' }), confirming);
  });
});

describe('sending the amend', () => {
  const confirming = run([{ type: 'grab', orderId: 'a', at: t(100) }, { type: 'move', to: t(120) }, { type: 'release' }]);
  const sending = reduceLineDrag(confirming, { type: 'confirm', requestId: 'r1' });

  it('holds the line at the new price until the engine answers and the cache shows it', () => {
    assert.deepEqual(sending, { phase: 'sending', orderId: 'a', from: 100, to: 120, requestId: 'r1', isAmended: false });
    assert.equal(displayedTicks(sending, 'a', t(100)), 120);
    // The cache still has the old price: keep waiting, with or without the engine's yes.
    assert.equal(reduceLineDrag(sending, prices([['a', 100]])), sending);
    const amended = reduceLineDrag(sending, { type: 'amended', requestId: 'r1' });
    assert.equal(amended.phase === 'sending' && amended.isAmended, true);
    assert.equal(reduceLineDrag(amended, prices([['a', 100]])), amended);
    assert.equal(reduceLineDrag(amended, prices([['a', 120]])), IDLE);
  });

  it('snaps back on a rejection of its own request only', () => {
    assert.equal(reduceLineDrag(sending, { type: 'rejected', requestId: 'other' }), sending);
    assert.equal(reduceLineDrag(sending, { type: 'rejected', requestId: 'r1' }), IDLE);
    assert.equal(reduceLineDrag(sending, { type: 'expire', requestId: 'r1' }), IDLE);
  });

  it('cannot be cancelled or replaced once sent', () => {
    assert.equal(reduceLineDrag(sending, { type: 'cancel' }), sending);
    assert.equal(reduceLineDrag(sending, { type: 'grab', orderId: 'b', at: t(90) }), sending);
    assert.equal(reduceLineDrag(sending, { type: 'step', orderId: 'b', at: t(90), step: 1 }), sending);
  });

  it('ends when the order leaves the open orders (filled or cancelled meanwhile)', () => {
    assert.equal(reduceLineDrag(sending, prices([['b', 90]])), IDLE);
    assert.equal(reduceLineDrag(confirming, prices([])), IDLE);
  });

  it('ignores a confirm with nothing to confirm', () => {
    assert.equal(reduceLineDrag(IDLE, { type: 'confirm', requestId: 'r2' }), IDLE);
  });
});
