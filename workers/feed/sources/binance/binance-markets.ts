// Which Binance spot symbols feed which of our instruments, and the streams each one needs.
// USDT pairs stand in for USD: the dashboard shows them under our -USD symbols.
import { getInstrument, type Instrument } from '../../../../lib/market/instruments.ts';

const OUR_SYMBOL_OF: Readonly<Record<string, string>> = {
  BTCUSDT: 'BTC-USD',
  ETHUSDT: 'ETH-USD',
  SOLUSDT: 'SOL-USD',
  DOGEUSDT: 'DOGE-USD',
};

/** The venue symbols mapped by default: every entry whose instrument we list. */
export const DEFAULT_BINANCE_SYMBOLS: readonly string[] = Object.keys(OUR_SYMBOL_OF).filter((venue) => {
  const ours = OUR_SYMBOL_OF[venue];
  return ours !== undefined && getInstrument(ours) !== undefined;
});

/** Whether we can feed one of our instruments from this venue symbol. */
export function isMappedBinanceSymbol(venueSymbol: string): boolean {
  return DEFAULT_BINANCE_SYMBOLS.includes(venueSymbol);
}

/** One Binance market and the instrument it feeds. */
export interface BinanceMarket {
  /** As Binance's REST API spells it, e.g. BTCUSDT. */
  readonly venueSymbol: string;
  readonly instrument: Instrument;
  /** Stream names are lowercase (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams). */
  readonly depthStream: string;
  readonly tradeStream: string;
}

/** Resolves venue symbols to markets; throws on a symbol we cannot map, since that is a configuration error. */
export function binanceMarkets(venueSymbols: readonly string[] = DEFAULT_BINANCE_SYMBOLS): BinanceMarket[] {
  return venueSymbols.map((venueSymbol) => {
    const ours = OUR_SYMBOL_OF[venueSymbol];
    const instrument = ours === undefined ? undefined : getInstrument(ours);
    if (!instrument) throw new RangeError(`Binance symbol ${venueSymbol} maps to no listed instrument`);
    const lower = venueSymbol.toLowerCase();
    return { venueSymbol, instrument, depthStream: `${lower}@depth@100ms`, tradeStream: `${lower}@trade` };
  });
}

/** The combined-stream URL for these markets: `<wsUrl>/stream?streams=a/b/c`. */
export function combinedStreamUrl(wsUrl: string, markets: readonly BinanceMarket[]): string {
  const streams = markets.flatMap((market) => [market.depthStream, market.tradeStream]);
  return `${wsUrl.replace(/\/+$/, '')}/stream?streams=${streams.join('/')}`;
}
