// The instruments Tickwire lists, with the grids their prices and sizes live on.

/** Whether an instrument is a crypto pair or an equity-like symbol. */
export type InstrumentKind = 'crypto' | 'equity';

/** One tradable instrument; decimal fields are strings so they survive any transport exactly. */
export interface Instrument {
  readonly symbol: string;
  readonly name: string;
  readonly kind: InstrumentKind;
  /** Smallest price increment; a multiple of 10^-pricePrecision. */
  readonly tickSize: string;
  /** Smallest size increment; a multiple of 10^-sizePrecision. */
  readonly lotSize: string;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  /** Smallest and largest size of one order. */
  readonly minQty: string;
  readonly maxQty: string;
  /** Mid price the simulator starts from and the composite index is based on. */
  readonly referencePrice: string;
  /** Annualised volatility of the log price, used by the simulator (0.6 = 60 %). */
  readonly volatility: number;
  /** Weight in the composite index; the weights of all instruments sum to 1. */
  readonly indexWeight: number;
}

// Composite index constituents and weights (sum = 1.00):
//   crypto 0.40 — BTC-USD 0.20, ETH-USD 0.12, SOL-USD 0.06, DOGE-USD 0.02
//   equity 0.60 — AAPL 0.14, MSFT 0.14, NVDA 0.14, AMZN 0.10, TSLA 0.08
/** Every listed instrument, crypto first. */
export const INSTRUMENTS: readonly Instrument[] = [
  {
    symbol: 'BTC-USD', name: 'Bitcoin', kind: 'crypto',
    tickSize: '0.1', lotSize: '0.00000001', pricePrecision: 1, sizePrecision: 8,
    minQty: '0.0001', maxQty: '100', referencePrice: '65000.0', volatility: 0.6, indexWeight: 0.2,
  },
  {
    // A tick of 0.05 at two decimals keeps the grid logic honest: not every 0.01 price is valid.
    symbol: 'ETH-USD', name: 'Ether', kind: 'crypto',
    tickSize: '0.05', lotSize: '0.00000001', pricePrecision: 2, sizePrecision: 8,
    minQty: '0.001', maxQty: '1000', referencePrice: '3200.00', volatility: 0.75, indexWeight: 0.12,
  },
  {
    symbol: 'SOL-USD', name: 'Solana', kind: 'crypto',
    tickSize: '0.01', lotSize: '0.0001', pricePrecision: 2, sizePrecision: 4,
    minQty: '0.01', maxQty: '50000', referencePrice: '150.00', volatility: 1.0, indexWeight: 0.06,
  },
  {
    symbol: 'DOGE-USD', name: 'Dogecoin', kind: 'crypto',
    tickSize: '0.00001', lotSize: '1', pricePrecision: 5, sizePrecision: 0,
    minQty: '10', maxQty: '10000000', referencePrice: '0.15000', volatility: 1.1, indexWeight: 0.02,
  },
  {
    symbol: 'AAPL', name: 'Apple', kind: 'equity',
    tickSize: '0.01', lotSize: '1', pricePrecision: 2, sizePrecision: 0,
    minQty: '1', maxQty: '100000', referencePrice: '190.00', volatility: 0.25, indexWeight: 0.14,
  },
  {
    symbol: 'MSFT', name: 'Microsoft', kind: 'equity',
    tickSize: '0.01', lotSize: '1', pricePrecision: 2, sizePrecision: 0,
    minQty: '1', maxQty: '100000', referencePrice: '420.00', volatility: 0.22, indexWeight: 0.14,
  },
  {
    symbol: 'NVDA', name: 'NVIDIA', kind: 'equity',
    tickSize: '0.01', lotSize: '1', pricePrecision: 2, sizePrecision: 0,
    minQty: '1', maxQty: '100000', referencePrice: '120.00', volatility: 0.5, indexWeight: 0.14,
  },
  {
    symbol: 'AMZN', name: 'Amazon', kind: 'equity',
    tickSize: '0.01', lotSize: '1', pricePrecision: 2, sizePrecision: 0,
    minQty: '1', maxQty: '100000', referencePrice: '185.00', volatility: 0.3, indexWeight: 0.1,
  },
  {
    symbol: 'TSLA', name: 'Tesla', kind: 'equity',
    tickSize: '0.01', lotSize: '1', pricePrecision: 2, sizePrecision: 0,
    minQty: '1', maxQty: '100000', referencePrice: '250.00', volatility: 0.6, indexWeight: 0.08,
  },
];

const BY_SYMBOL: ReadonlyMap<string, Instrument> = new Map(INSTRUMENTS.map((inst) => [inst.symbol, inst]));

/** Looks an instrument up by symbol; undefined when it is not listed. */
export function getInstrument(symbol: string): Instrument | undefined {
  return BY_SYMBOL.get(symbol);
}

/** Whether a symbol is listed; use it to validate untrusted input. */
export function isKnownSymbol(symbol: string): boolean {
  return BY_SYMBOL.has(symbol);
}
