import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPOSITE_INDEX, computeCompositeIndex } from '../../../lib/market/composite-index.ts';
import { INSTRUMENTS, type Instrument } from '../../../lib/market/instruments.ts';

function referenceMids(): Record<string, number> {
  return Object.fromEntries(INSTRUMENTS.map((inst) => [inst.symbol, Number(inst.referencePrice)]));
}

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('computeCompositeIndex', () => {
  it('is worth the base when every mid is at its reference price', () => {
    const index = computeCompositeIndex(referenceMids());
    close(index.value, COMPOSITE_INDEX.base);
    assert.equal(index.constituents.length, INSTRUMENTS.length);
    assert.ok(index.constituents.every((c) => c.hasMid));
  });

  it('moves by weight × relative change of a constituent', () => {
    const mids = referenceMids();
    mids['BTC-USD'] = 65_000 * 1.1; // +10 % on a 0.20 weight
    mids['AAPL'] = 190 * 0.5; // −50 % on a 0.14 weight
    const index = computeCompositeIndex(mids);
    close(index.value, 1000 * (1 + 0.2 * 0.1 - 0.14 * 0.5));
    const btc = index.constituents.find((c) => c.symbol === 'BTC-USD');
    close(btc?.contribution ?? NaN, 0.2 * 1.1 * 1000);
  });

  it('counts a missing or unusable mid at its reference price and says so', () => {
    const mids: Record<string, number | undefined> = referenceMids();
    mids['ETH-USD'] = undefined;
    mids['SOL-USD'] = Number.NaN;
    mids['NVDA'] = 0;
    const index = computeCompositeIndex(mids);
    close(index.value, 1000);
    assert.deepEqual(index.constituents.filter((c) => !c.hasMid).map((c) => c.symbol), ['ETH-USD', 'SOL-USD', 'NVDA']);
  });

  it('works over any basket given', () => {
    const basket: Instrument[] = INSTRUMENTS.slice(0, 2).map((inst) => ({ ...inst, indexWeight: 0.5 }));
    const index = computeCompositeIndex({ 'BTC-USD': 130_000, 'ETH-USD': 3200 }, basket);
    close(index.value, 0.5 * 2 * 1000 + 0.5 * 1000);
  });
});
