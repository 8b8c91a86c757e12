import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalToUnits, lotUnits, tickUnits } from '../../../lib/market/decimal.ts';
import { INSTRUMENTS, getInstrument, isKnownSymbol } from '../../../lib/market/instruments.ts';

describe('instruments', () => {
  it('lists at least 8 unique symbols of both kinds', () => {
    assert.ok(INSTRUMENTS.length >= 8);
    assert.equal(new Set(INSTRUMENTS.map((inst) => inst.symbol)).size, INSTRUMENTS.length);
    for (const symbol of ['BTC-USD', 'ETH-USD', 'SOL-USD', 'AAPL', 'MSFT', 'NVDA', 'TSLA']) assert.ok(isKnownSymbol(symbol), symbol);
    assert.ok(INSTRUMENTS.some((inst) => inst.kind === 'equity'));
  });

  it('has index weights that sum to 1', () => {
    const total = INSTRUMENTS.reduce((sum, inst) => sum + inst.indexWeight, 0);
    assert.ok(Math.abs(total - 1) < 1e-12, `weights sum to ${total}`);
  });

  it('keeps every decimal field on its own grid', () => {
    for (const inst of INSTRUMENTS) {
      assert.ok(tickUnits(inst) > 0 && lotUnits(inst) > 0, inst.symbol);
      const reference = decimalToUnits(inst.referencePrice, inst.pricePrecision);
      assert.ok(reference !== null && reference % tickUnits(inst) === 0, `${inst.symbol} referencePrice`);
      for (const qty of [inst.minQty, inst.maxQty]) {
        const units = decimalToUnits(qty, inst.sizePrecision);
        assert.ok(units !== null && units > 0 && units % lotUnits(inst) === 0, `${inst.symbol} ${qty}`);
      }
    }
  });

  it('returns undefined for an unknown symbol', () => {
    assert.equal(getInstrument('NOPE'), undefined);
    assert.equal(isKnownSymbol('btc-usd'), false);
  });
});
