// Why a book event or message was refused; returned as a value, never thrown.

/** Stable machine codes for refused book input. */
export type BookErrorCode =
  | 'UNKNOWN_SYMBOL'
  | 'SYMBOL_MISMATCH'
  | 'MALFORMED_LEVEL'
  | 'MALFORMED_PRICE'
  | 'OFF_GRID_PRICE'
  | 'ZERO_PRICE'
  | 'MALFORMED_SIZE'
  | 'NEGATIVE_SIZE'
  | 'OFF_GRID_SIZE'
  | 'CROSSED_BOOK'
  | 'CROSSED_SNAPSHOT';

/** A refused input: a stable code and a message for logs. */
export interface BookError {
  code: BookErrorCode;
  message: string;
}

/** Builds a BookError. */
export function bookError(code: BookErrorCode, message: string): BookError {
  return { code, message };
}
