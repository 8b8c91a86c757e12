import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrowStep, nearestTick, stepTicks, ticksAtDrag, ticksOf, ticksToNumber, ticksToText, ticksToWire, type DragGeometry } from '../../../components/chart/price-ticks.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { asTicks } from '../../../lib/market/units.ts';

const btc = getInstrument('BTC-USD'); // tick 0.1
const eth = getInstrument('ETH-USD'); // tick 0.05
assert.ok(btc && eth);

describe('prices on the tick grid', () => {
  it('snaps a float price to the nearest whole tick', () => {
    assert.equal(nearestTick(65010.47, btc), 650105);
    assert.equal(nearestTick(65010.44, btc), 650104);
    // ETH's tick is 0.05: 3200.07 is nearer 3200.05 than 3200.10.
    assert.equal(nearestTick(3200.07, eth), 64001);
    assert.equal(ticksToWire(asTicks(64001), eth), '3200.05');
  });

  it('has no tick for a price that is not positive and finite', () => {
    assert.equal(nearestTick(0.01, btc), null);
    assert.equal(nearestTick(-5, btc), null);
    assert.equal(nearestTick(Number.NaN, btc), null);
    assert.equal(nearestTick(Number.POSITIVE_INFINITY, btc), null);
  });

  it('reads price strings exactly and refuses ones off the grid', () => {
    assert.equal(ticksOf('64990.0', btc), 649900);
    assert.equal(ticksOf('64990.00000000', btc), 649900);
    assert.equal(ticksOf('64990.05', btc), null);
    assert.equal(ticksOf(null, btc), null);
  });

  it('writes ticks for the engine, for people and for the chart', () => {
    assert.equal(ticksToWire(asTicks(650105), btc), '65010.5');
    assert.equal(ticksToText(asTicks(650105), btc), '65,010.5');
    assert.equal(ticksToNumber(asTicks(650105), btc), 65010.5);
  });

  it('steps by whole ticks, one with an arrow key, ten with Shift or Page Up/Down, never below one tick', () => {
    assert.equal(arrowStep('ArrowUp', false), 1);
    assert.equal(arrowStep('ArrowDown', false), -1);
    assert.equal(arrowStep('ArrowUp', true), 10);
    assert.equal(arrowStep('ArrowDown', true), -10);
    assert.equal(arrowStep('PageUp', false), 10);
    assert.equal(arrowStep('PageDown', false), -10);
    assert.equal(arrowStep('Enter', false), 0);
    assert.equal(stepTicks(asTicks(100), 10), 110);
    assert.equal(stepTicks(asTicks(5), -10), 1);
  });
});

describe('the price a dragged line stands at', () => {
  // A scale of 10 px per dollar: y 0 is 65,100, y 200 is 65,080.
  const geometry: DragGeometry = { originY: 100, startPointerY: 400, paneHeight: 200, yToPrice: (y) => 65100 - y / 10 };

  it('moves the line as far as the pointer moved, not to the pointer, and snaps to a tick', () => {
    assert.equal(ticksAtDrag(geometry, 400, btc), 650900); // not moved: 65,090.0
    assert.equal(ticksAtDrag(geometry, 377, btc), 650923); // 23 px up: 65,092.3
    assert.equal(ticksAtDrag(geometry, 416.4, btc), 650884); // 16.4 px down: 65,088.36 → 65,088.4
  });

  it('holds the line inside the pane', () => {
    assert.equal(ticksAtDrag(geometry, -1000, btc), 651000);
    assert.equal(ticksAtDrag(geometry, 5000, btc), 650800);
  });

  it('has no price while the scale has none', () => {
    assert.equal(ticksAtDrag({ ...geometry, yToPrice: () => null }, 380, btc), null);
  });
});
