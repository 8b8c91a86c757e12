import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handlePlace, isOnPane, popoverTop } from '../../../components/chart/overlay-layout.ts';

describe('overlay layout', () => {
  it('shows a handle only while its line is inside the pane', () => {
    assert.equal(isOnPane(0, 300), true);
    assert.equal(isOnPane(300, 300), true);
    assert.equal(isOnPane(-1, 300), false);
    assert.equal(isOnPane(301, 300), false);
    assert.equal(isOnPane(null, 300), false);
    assert.equal(isOnPane(Number.NaN, 300), false);
  });

  it('puts the confirmation under its line, or over it near the bottom, always inside the pane', () => {
    assert.equal(popoverTop(100, 60, 300), 114);
    assert.equal(popoverTop(260, 60, 300), 186);
    // A pane too short for either side: held at the top.
    assert.equal(popoverTop(30, 60, 70), 0);
  });
});

describe('where a handle goes', () => {
  it('sits on its line, held inside the pane by its own height', () => {
    assert.deepEqual(handlePlace(120, 300), { y: 120, pinned: undefined });
    assert.deepEqual(handlePlace(4, 300), { y: 10, pinned: undefined });
    assert.deepEqual(handlePlace(297, 300), { y: 290, pinned: undefined });
  });

  it('is pinned to the edge an order off screen is beyond, so it can still be cancelled', () => {
    assert.deepEqual(handlePlace(-80, 300), { y: 10, pinned: 'above' });
    assert.deepEqual(handlePlace(900, 300), { y: 290, pinned: 'below' });
  });

  it('has no place before the chart has a scale or room', () => {
    assert.equal(handlePlace(null, 300), undefined);
    assert.equal(handlePlace(Number.NaN, 300), undefined);
    assert.equal(handlePlace(5, 12), undefined);
  });
});
