// Words for the engine's reject codes and cancel reasons (lib/protocol/orders.ts), as message keys
// (messages/*.json: orders.reject, orders.cancel); unknown codes pass through as they are.
import { uiText, type UiText } from './ui-text.ts';

const REJECT_CODES = [
  'UNKNOWN_SYMBOL',
  'INVALID_QUANTITY',
  'INVALID_PRICE',
  'INVALID_OPTIONS',
  'POST_ONLY_WOULD_TAKE',
  'STOP_WOULD_TRIGGER',
  'INSUFFICIENT_FUNDS',
  'INSUFFICIENT_POSITION',
  'TOO_MANY_OPEN_ORDERS',
  'RATE_LIMITED',
  'DUPLICATE_CLIENT_ORDER_ID',
  'NO_LIQUIDITY',
  'UNKNOWN_ORDER',
  'NOT_AMENDABLE',
  'MARKET_CLOSED',
  'UNAUTHENTICATED',
  'UNAVAILABLE',
] as const;

const CANCEL_REASONS = ['USER_REQUESTED', 'NO_LIQUIDITY', 'IOC_EXPIRED', 'FOK_UNFILLED', 'ACCOUNT_RESET', 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_POSITION', 'DEADMAN_SWITCH'] as const;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** "Insufficient funds" for INSUFFICIENT_FUNDS; an unknown code as it is. */
export function rejectText(code: string): UiText {
  return isOneOf(REJECT_CODES, code) ? uiText(`orders.reject.${code}`) : uiText('orders.reject.other', { code });
}

/** "cancelled: insufficient funds" for INSUFFICIENT_FUNDS; "cancelled (CODE)" for an unknown one. */
export function cancelText(reason: string): UiText {
  return isOneOf(CANCEL_REASONS, reason) ? uiText(`orders.cancel.${reason}`) : uiText('orders.cancel.other', { reason });
}
