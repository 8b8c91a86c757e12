// The mock-trading wire protocol: the order ops a client sends, the queue entry the gateway hands the
// engine, and the codes its answers carry (the events themselves are in order-events.ts). Decimals
// travel as strings.
import { z } from 'zod';

/**
 * Why the engine refused an order op. Carried by `order.rejected`; stable, so clients may branch on them.
 * - UNKNOWN_SYMBOL: the symbol is not listed.
 * - INVALID_QUANTITY: not a multiple of the lot size, zero, or outside the instrument's min/max.
 * - INVALID_PRICE: a limit without a price, a market with one, a stop without a stop price, a price off the tick
 *   grid, or a price or stop price outside the band around the mid.
 * - INVALID_OPTIONS: an option the order type does not take: postOnly on anything but a GTC limit, FOK on a
 *   market or stop-market order, a stop price on an order that is not a stop.
 * - POST_ONLY_WOULD_TAKE: a post-only order (or its amend) priced where it would take liquidity on arrival.
 * - STOP_WOULD_TRIGGER: the last trade already reached the stop price, so the stop would trigger at once;
 *   also when no trade of the symbol was seen yet (there is no last price to trigger on).
 * - INSUFFICIENT_FUNDS: cash not reserved by open orders cannot pay for the order and its fee.
 * - INSUFFICIENT_POSITION: selling more than is held and not already offered (no shorting).
 * - TOO_MANY_OPEN_ORDERS: the account already has the most resting orders allowed.
 * - RATE_LIMITED: too many orders placed by this account in a short time; retry later. A backstop only: the
 *   gateway refuses an op over its budget first (an `error` RATE_LIMITED with `retryAfterMs`), below this limit.
 * - DUPLICATE_CLIENT_ORDER_ID: the client order id was already used for a different order.
 * - NO_LIQUIDITY: a market order found nothing on the opposite side of the book.
 * - UNKNOWN_ORDER: the order to cancel or amend does not exist, is not yours, or is no longer open.
 * - NOT_AMENDABLE: only a resting limit order can be amended; a stop waiting for its trigger is cancelled and placed again.
 * - MARKET_CLOSED: the engine has no live book for the symbol (feed down, or resyncing for over 2 s).
 */
export const REJECT_CODES = {
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_OPTIONS: 'INVALID_OPTIONS',
  POST_ONLY_WOULD_TAKE: 'POST_ONLY_WOULD_TAKE',
  STOP_WOULD_TRIGGER: 'STOP_WOULD_TRIGGER',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INSUFFICIENT_POSITION: 'INSUFFICIENT_POSITION',
  TOO_MANY_OPEN_ORDERS: 'TOO_MANY_OPEN_ORDERS',
  RATE_LIMITED: 'RATE_LIMITED',
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  NOT_AMENDABLE: 'NOT_AMENDABLE',
  MARKET_CLOSED: 'MARKET_CLOSED',
} as const;
export type RejectCode = (typeof REJECT_CODES)[keyof typeof REJECT_CODES];

/**
 * Why an accepted order ended before it filled completely.
 * - USER_REQUESTED: `order.cancel` or `order.cancelAll`.
 * - NO_LIQUIDITY: the rest of a market (or triggered stop-market) order once the book ran out within its price.
 * - IOC_EXPIRED: the rest of an immediate-or-cancel limit order.
 * - FOK_UNFILLED: a fill-or-kill order the book could not fill whole; nothing of it filled.
 * - ACCOUNT_RESET: the account was reset to its starting balance.
 * - INSUFFICIENT_FUNDS / INSUFFICIENT_POSITION: a resting order could no longer be paid for or delivered.
 * - DEADMAN_SWITCH: the user armed `order.deadman` and had no socket open on any gateway node for that long.
 */
export const CANCEL_REASONS = {
  USER_REQUESTED: 'USER_REQUESTED',
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  IOC_EXPIRED: 'IOC_EXPIRED',
  FOK_UNFILLED: 'FOK_UNFILLED',
  ACCOUNT_RESET: 'ACCOUNT_RESET',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INSUFFICIENT_POSITION: 'INSUFFICIENT_POSITION',
  DEADMAN_SWITCH: 'DEADMAN_SWITCH',
} as const;
export type CancelReason = (typeof CANCEL_REASONS)[keyof typeof CANCEL_REASONS];

const requestId = z.union([z.string().max(64), z.number().int()]).optional();
const symbol = z.string().min(1).max(16);
// Digits with an optional fraction, no sign or exponent; the engine checks the instrument's grid.
const decimalString = z.string().regex(/^\d{1,18}(\.\d{1,18})?$/, 'must be a decimal string like "1.25"');
const clientOrderId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-');
// Order ids are 64-bit database ids, sent as strings so JavaScript numbers never round them.
const orderId = z.string().regex(/^[1-9]\d{0,18}$/, 'must be an order id string');

/**
 * Places a mock order; `clientOrderId` makes a retry safe (the same id never places twice).
 * - `market`: takes what the book offers now; the rest is cancelled (NO_LIQUIDITY).
 * - `limit`: takes what crosses its price, then rests (GTC), or cancels the rest (IOC), or fills whole or
 *   not at all (FOK). `postOnly` (GTC only): refused with POST_ONLY_WOULD_TAKE instead of taking.
 * - `stop_market` / `stop_limit`: wait, holding what they could spend, until a public trade prints at or
 *   beyond `stopPrice` (up for a buy, down for a sell); then a stop-market takes the book down to its
 *   protection price (the stop price moved by the engine's price band, sent back as `price`) and a
 *   stop-limit acts as a limit order at `price` with its time in force.
 */
export const orderPlaceSchema = z.strictObject({
  op: z.literal('order.place'),
  id: requestId,
  clientOrderId,
  symbol,
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit', 'stop_market', 'stop_limit']),
  /** Limit and stop-limit orders (GTC by default); market and stop-market orders are always immediate-or-cancel. */
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']).optional(),
  quantity: decimalString,
  /** Required for limit and stop-limit orders, refused on market and stop-market orders (INVALID_PRICE). */
  price: decimalString.optional(),
  /** Required for stop orders, refused on the others (INVALID_OPTIONS). */
  stopPrice: decimalString.optional(),
  /** GTC limit orders only: never take liquidity. */
  postOnly: z.boolean().optional(),
});
export type OrderPlaceRequest = z.infer<typeof orderPlaceSchema>;
export type OrderType = OrderPlaceRequest['type'];
export type TimeInForce = NonNullable<OrderPlaceRequest['timeInForce']>;

/** Stop orders wait for a trade at their stop price. */
export function isStopType(type: OrderType): type is 'stop_market' | 'stop_limit' {
  return type === 'stop_market' || type === 'stop_limit';
}

/** Limit and stop-limit orders carry a limit price and a time in force. */
export function hasLimitPrice(type: OrderType): type is 'limit' | 'stop_limit' {
  return type === 'limit' || type === 'stop_limit';
}

/** Cancels one open order, named by exactly one of its engine id or its client order id. */
export const orderCancelSchema = z
  .strictObject({ op: z.literal('order.cancel'), id: requestId, orderId: orderId.optional(), clientOrderId: clientOrderId.optional() })
  .refine((r) => (r.orderId === undefined) !== (r.clientOrderId === undefined), { message: 'give exactly one of orderId and clientOrderId' });
export type OrderCancelRequest = z.infer<typeof orderCancelSchema>;

/**
 * Changes the price and/or the total quantity (filled part included) of a resting limit order. A
 * smaller quantity at the same price keeps the order's place in the queue; a new price or a larger
 * quantity loses it, as on most exchanges. A new price that crosses the book takes what it can
 * there, like a new order; a post-only order is refused instead (POST_ONLY_WOULD_TAKE). Sending the
 * same amend again changes nothing and answers the same.
 */
export const orderAmendSchema = z
  .strictObject({
    op: z.literal('order.amend'),
    id: requestId,
    orderId: orderId.optional(),
    clientOrderId: clientOrderId.optional(),
    price: decimalString.optional(),
    quantity: decimalString.optional(),
  })
  .refine((r) => (r.orderId === undefined) !== (r.clientOrderId === undefined), { message: 'give exactly one of orderId and clientOrderId' })
  .refine((r) => r.price !== undefined || r.quantity !== undefined, { message: 'give a new price, a new quantity or both' });
export type OrderAmendRequest = z.infer<typeof orderAmendSchema>;

/** Cancels every open order of the account in one symbol. */
export const orderCancelAllSchema = z.strictObject({ op: z.literal('order.cancelAll'), id: requestId, symbol });
export type OrderCancelAllRequest = z.infer<typeof orderCancelAllSchema>;

/** Bounds of the dead-man's switch; below the minimum, presence heartbeats (1 s) would make it fire on a blip. */
export const DEADMAN_MIN_SECONDS = 3;
export const DEADMAN_MAX_SECONDS = 3600;

/**
 * Arms the dead-man's switch: once the user has had no socket open on any gateway node for `seconds`,
 * the engine cancels all their open orders. 0 disarms; arming again replaces the delay.
 */
export const orderDeadmanSchema = z.strictObject({
  op: z.literal('order.deadman'),
  id: requestId,
  seconds: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= DEADMAN_MIN_SECONDS && s <= DEADMAN_MAX_SECONDS), {
      message: `must be 0 (disarm) or ${DEADMAN_MIN_SECONDS}-${DEADMAN_MAX_SECONDS}`,
    }),
});
export type OrderDeadmanRequest = z.infer<typeof orderDeadmanSchema>;

/** Every order op a client may send. */
export const orderRequestSchema = z.union([orderPlaceSchema, orderCancelSchema, orderAmendSchema, orderCancelAllSchema, orderDeadmanSchema]);
export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** The ops above, to tell an order op from a market-data op before parsing. */
export const ORDER_OPS = ['order.place', 'order.cancel', 'order.amend', 'order.cancelAll', 'order.deadman'] as const;

/** What the gateway enqueues on ORDER_QUEUE: the authenticated user, the validated request, when and where it arrived. */
export const orderQueueEntrySchema = z.strictObject({
  userId: z.uuid(),
  request: orderRequestSchema,
  /** Gateway clock, ms since the epoch; the engine rate-limits on it so a redelivery is judged the same way. */
  receivedAt: z.number().int().nonnegative(),
  /** The gateway node that received it, for logs. */
  node: z.string().min(1).max(64),
});
export type OrderQueueEntry = z.infer<typeof orderQueueEntrySchema>;
