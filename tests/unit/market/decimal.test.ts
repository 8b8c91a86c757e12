import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDecimal, compareDecimal } from '../../../lib/market/decimal-arith.ts';
import {
  decimalToUnits,
  lotsToSize,
  priceToTicks,
  sizeToLots,
  ticksToPrice,
  unitsToDecimal,
} from '../../../lib/market/decimal.ts';
import { getInstrument, type Instrument } from '../../../lib/market/instruments.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

function instrument(symbol: string): Instrument {
  const inst = getInstrument(symbol);
  assert.ok(inst, `${symbol} is listed`);
  return inst;
}

const BTC = instrument('BTC-USD');
const ETH = instrument('ETH-USD'); // tick 0.05 at two decimals
const AAPL = instrument('AAPL'); // lot 1 at zero decimals

describe('decimal units', () => {
  it('formats zero and small values with every decimal place', () => {
    assert.equal(unitsToDecimal(0, 8), '0.00000000');
    assert.equal(unitsToDecimal(1, 8), '0.00000001');
    assert.equal(unitsToDecimal(123456789, 8), '1.23456789');
    assert.equal(unitsToDecimal(0, 0), '0');
    assert.equal(unitsToDecimal(42, 0), '42');
  });

  it('parses exactly where float arithmetic would not', () => {
    assert.equal(decimalToUnits('0.1', 8), 10_000_000);
    assert.equal(decimalToUnits('0.3', 2), 30);
    assert.equal(decimalToUnits('90071992.54740991', 8), 9_007_199_254_740_991);
    assert.equal(decimalToUnits('007.50', 2), 750);
  });

  it('accepts trailing zeros past the precision but not other digits', () => {
    assert.equal(decimalToUnits('1.2300', 2), 123);
    assert.equal(decimalToUnits('1.231', 2), null);
  });

  it('rejects malformed strings', () => {
    for (const text of ['', '.', '.5', '5.', '-1', '+1', '1e5', ' 1', '1 ', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10']) {
      assert.equal(decimalToUnits(text, 8), null, JSON.stringify(text));
    }
  });

  it('rejects values beyond the safe integer range', () => {
    assert.equal(decimalToUnits('90071992.54740992', 8), null);
    assert.equal(decimalToUnits('99999999999999999999', 0), null);
  });

  it('refuses to format negative or fractional units', () => {
    assert.throws(() => unitsToDecimal(-1, 2), RangeError);
    assert.throws(() => unitsToDecimal(1.5, 2), RangeError);
  });
});

describe('ticks and lots', () => {
  it('round-trips prices at the instrument precision', () => {
    assert.equal(ticksToPrice(asTicks(650_001), BTC), '65000.1');
    assert.equal(priceToTicks('65000.1', BTC), 650_001);
    assert.equal(priceToTicks('65000.10', BTC), 650_001);
    assert.equal(ticksToPrice(asTicks(64_001), ETH), '3200.05');
    assert.equal(priceToTicks('3200.05', ETH), 64_001);
  });

  it('returns null for prices off the tick grid', () => {
    assert.equal(priceToTicks('3200.03', ETH), null);
    assert.equal(priceToTicks('65000.15', BTC), null);
  });

  it('round-trips sizes, including zero and the smallest lot', () => {
    assert.equal(lotsToSize(asLots(0), BTC), '0.00000000');
    assert.equal(lotsToSize(asLots(1), BTC), '0.00000001');
    assert.equal(sizeToLots('0', BTC), 0);
    assert.equal(sizeToLots('0.00000001', BTC), 1);
    assert.equal(sizeToLots('100', AAPL), 100);
    assert.equal(lotsToSize(asLots(100), AAPL), '100');
  });

  it('returns null for sizes off the lot grid or malformed', () => {
    assert.equal(sizeToLots('0.000000001', BTC), null);
    assert.equal(sizeToLots('1.5', AAPL), null);
    assert.equal(sizeToLots('-1', AAPL), null);
    assert.equal(sizeToLots('abc', AAPL), null);
  });
});

describe('decimal arithmetic', () => {
  it('compares by value across precisions', () => {
    assert.equal(compareDecimal('1.10', '1.1'), 0);
    assert.equal(compareDecimal('9.99', '10'), -1);
    assert.equal(compareDecimal('0.00000002', '0.00000001'), 1);
  });

  it('adds exactly, keeping the larger precision', () => {
    assert.equal(addDecimal('0.1', '0.2'), '0.3');
    assert.equal(addDecimal('0.00000001', '1.5'), '1.50000001');
    assert.equal(addDecimal('0', '0'), '0');
    assert.equal(addDecimal('999.99', '0.01'), '1000.00');
  });
});
