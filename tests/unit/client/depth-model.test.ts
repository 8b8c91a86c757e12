import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { depthModel, WIDTH } from '../../../components/depth/depth-model.ts';
import { levels } from '../../helpers/levels.ts';

describe('the depth chart\'s spread', () => {
  it('spans the band from the best bid to the best ask, centred on the mid', () => {
    const model = depthModel(levels([[100, 1], [90, 2]]), levels([[104, 1], [120, 2]]));
    assert.ok(model);
    assert.equal(model.midTicks, 102);
    assert.equal(model.bestBid, 100);
    assert.equal(model.bestAsk, 104);
    // The narrower side (bids reach 12 ticks from the mid) sets the span: 90..114 over WIDTH.
    assert.equal(model.spreadX0, ((100 - 90) / 24) * WIDTH);
    assert.equal(model.spreadX1, ((104 - 90) / 24) * WIDTH);
    assert.equal((model.spreadX0 + model.spreadX1) / 2, WIDTH / 2);
  });

  it('has nothing to draw while a side is empty', () => {
    assert.equal(depthModel(levels([[100, 1]]), []), undefined);
  });
});
