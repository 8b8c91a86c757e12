// Maps a Binance trade to our TradeEvent (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#trade-streams).
// `m` true means the buyer was the maker, so the aggressor sold. The price is re-gridded like the
// book (venue-grid.ts): towards the side the aggressor hit, so a buy prints at an ask tick.
import { lotsToSize, ticksToPrice } from '../../../../lib/market/decimal.ts';
import type { Instrument } from '../../../../lib/market/instruments.ts';
import type { TradeEvent } from '../source.ts';
import type { BinanceBadInput } from './bad-input.ts';
import type { BinanceTrade } from './binance-messages.ts';
import { lotsIn, parseVenueDecimal, tickAtOrAbove, tickAtOrBelow, type VenueGrid } from './venue-grid.ts';

/** The trade to emit; `dropped` when it is smaller than one of our lots; or why it was refused. */
export type MappedTrade = { kind: 'trade'; event: TradeEvent } | { kind: 'dropped' } | { kind: 'bad'; bad: BinanceBadInput };

/** Maps one validated venue trade onto an instrument. */
export function mapTrade(trade: BinanceTrade, instrument: Instrument, grid: VenueGrid): MappedTrade {
  const price = parseVenueDecimal(trade.p);
  const size = parseVenueDecimal(trade.q);
  if (price === null || size === null || price === 0n) {
    return { kind: 'bad', bad: { code: 'MALFORMED_TRADE', detail: `trade ${trade.t} price ${trade.p} size ${trade.q}` } };
  }
  const side = trade.m ? 'sell' : 'buy';
  const ticks = side === 'buy' ? tickAtOrAbove(price, grid) : tickAtOrBelow(price, grid);
  const lots = lotsIn(size, grid);
  if (!Number.isSafeInteger(ticks) || !Number.isSafeInteger(lots) || ticks === 0) {
    return { kind: 'bad', bad: { code: 'MALFORMED_TRADE', detail: `trade ${trade.t} price ${trade.p} size ${trade.q} out of range` } };
  }
  if (lots === 0) return { kind: 'dropped' };
  return {
    kind: 'trade',
    event: {
      type: 'trade',
      symbol: instrument.symbol,
      ts: trade.T,
      id: String(trade.t),
      price: ticksToPrice(ticks, instrument),
      size: lotsToSize(lots, instrument),
      side,
    },
  };
}
