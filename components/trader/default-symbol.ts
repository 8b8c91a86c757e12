// The instrument `/` opens on.
export const DEFAULT_SYMBOL = 'BTC-USD';
