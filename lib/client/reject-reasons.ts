// Human words for the engine's reject codes and cancel reasons (lib/protocol/orders.ts); unknown codes pass through.

const REJECTS: Record<string, string> = {
  UNKNOWN_SYMBOL: 'Unknown instrument',
  INVALID_QUANTITY: 'Invalid quantity',
  INVALID_PRICE: 'Invalid price',
  INVALID_OPTIONS: 'Option not allowed for this order type',
  POST_ONLY_WOULD_TAKE: 'Post only: the price would take liquidity',
  STOP_WOULD_TRIGGER: 'The stop would trigger at once',
  INSUFFICIENT_FUNDS: 'Insufficient funds',
  INSUFFICIENT_POSITION: 'Insufficient position',
  TOO_MANY_OPEN_ORDERS: 'Too many open orders',
  RATE_LIMITED: 'Too many orders, slow down',
  DUPLICATE_CLIENT_ORDER_ID: 'Duplicate order id',
  NO_LIQUIDITY: 'No liquidity',
  UNKNOWN_ORDER: 'Order not found',
  NOT_AMENDABLE: 'Only a resting limit order can be changed',
  MARKET_CLOSED: 'Market closed (no live book)',
  UNAUTHENTICATED: 'Not signed in',
  UNAVAILABLE: 'Trading unavailable, retry',
};

const CANCELS: Record<string, string> = {
  USER_REQUESTED: 'cancelled',
  NO_LIQUIDITY: 'rest cancelled: no liquidity',
  IOC_EXPIRED: 'rest expired (IOC)',
  FOK_UNFILLED: 'cancelled: could not fill whole (FOK)',
  ACCOUNT_RESET: 'cancelled by account reset',
  INSUFFICIENT_FUNDS: 'cancelled: insufficient funds',
  INSUFFICIENT_POSITION: 'cancelled: insufficient position',
  DEADMAN_SWITCH: "cancelled by the dead-man's switch",
};

/** "Insufficient funds" for INSUFFICIENT_FUNDS. */
export function rejectText(code: string): string {
  return REJECTS[code] ?? code;
}

/** "cancelled: insufficient funds" for INSUFFICIENT_FUNDS. */
export function cancelText(reason: string): string {
  return CANCELS[reason] ?? `cancelled (${reason})`;
}
