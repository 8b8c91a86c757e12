// What the Binance adapter reports when the venue sends something it cannot trust.

/** Stable codes of refused venue input. */
export type BinanceBadInputCode =
  | 'MALFORMED_JSON'
  | 'MALFORMED_MESSAGE'
  | 'UNKNOWN_STREAM'
  | 'SYMBOL_MISMATCH'
  | 'MALFORMED_LEVEL'
  | 'NEGATIVE_SIZE'
  | 'ZERO_PRICE'
  | 'CROSSED_SNAPSHOT'
  | 'CROSSED_BOOK'
  | 'UPDATE_ID_BACKWARDS'
  | 'MALFORMED_SNAPSHOT'
  | 'MALFORMED_TRADE';

/** A refused input: its code and a human-readable detail. */
export interface BinanceBadInput {
  code: BinanceBadInputCode;
  detail: string;
}

/** Receives each refused input: the reason code, the raw text (truncated) and a detail for logs. */
export type BinanceBadInputHandler = (reason: BinanceBadInputCode, input: string, detail: string) => void;
