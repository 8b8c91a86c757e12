import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prisma } from '../../../lib/generated/prisma/client.ts';
import { storedCandleMessage } from '../../../server/web/api/candle-history.ts';

const stored = (symbol: string, open: string, high: string, low: string, close: string, volume: string) => ({
  symbol,
  openTime: new Date(Date.UTC(2026, 11, 6, 12, 30)),
  open: new Prisma.Decimal(open),
  high: new Prisma.Decimal(high),
  low: new Prisma.Decimal(low),
  close: new Prisma.Decimal(close),
  volume: new Prisma.Decimal(volume),
});

describe('stored candles on the wire', () => {
  it('prints a tiny volume and trailing zeros as fixed decimals at the instrument\'s precision', () => {
    const row = stored('BTC-USD', '65000', '65010.5', '64990.0', '65000.1', '0.00000001');
    // What toString would have said: exponent notation and no trailing zeros.
    assert.equal(row.volume.toString(), '1e-8');
    assert.equal(row.open.toString(), '65000');
    const message = storedCandleMessage(row, '1m');
    assert.deepEqual(
      { open: message.open, high: message.high, low: message.low, close: message.close, volume: message.volume },
      { open: '65000.0', high: '65010.5', low: '64990.0', close: '65000.1', volume: '0.00000001' },
    );
    assert.equal(message.openTime, Date.UTC(2026, 11, 6, 12, 30));
    assert.equal(message.timeframe, '1m');
  });

  it('uses each instrument\'s own precision', () => {
    const eth = storedCandleMessage(stored('ETH-USD', '3200.5', '3201', '3199.95', '3200', '12.5'), '1h');
    assert.deepEqual([eth.open, eth.high, eth.low, eth.close, eth.volume], ['3200.50', '3201.00', '3199.95', '3200.00', '12.50000000']);
    const aapl = storedCandleMessage(stored('AAPL', '190', '190.1', '189.99', '190', '1200'), '1d');
    assert.deepEqual([aapl.open, aapl.high, aapl.volume], ['190.00', '190.10', '1200']);
  });
});
