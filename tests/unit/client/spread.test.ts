import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { midPrice, spreadText } from '../../../lib/client/spread.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { asTicks } from '../../../lib/market/units.ts';

const btc = getInstrument('BTC-USD');
const eth = getInstrument('ETH-USD');
assert.ok(btc && eth);

describe('spread and mid', () => {
  it('prints the spread in price and as a share of the mid', () => {
    assert.equal(spreadText(asTicks(649988), asTicks(650046), btc), '5.8 (0.009%)');
    assert.equal(spreadText(asTicks(650046), asTicks(649988), btc), '-5.8 (-0.009%)');
  });

  it('gives the mid exactly, with one decimal more only when it falls between two units', () => {
    assert.equal(midPrice(asTicks(649988), asTicks(650046), btc), '65001.7');
    assert.equal(midPrice(asTicks(649988), asTicks(650047), btc), '65001.75');
    // ETH ticks are 0.05: 3200.00 and 3200.05 have their mid at 3200.025.
    assert.equal(midPrice(asTicks(64000), asTicks(64001), eth), '3200.025');
    assert.equal(midPrice(asTicks(64000), asTicks(64002), eth), '3200.05');
  });
});
