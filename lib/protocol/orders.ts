// The mock-trading wire protocol: the order ops a client sends, the queue entry the gateway hands the
// engine, and the events the engine publishes on the user's channel. Decimals travel as strings.
import { z } from 'zod';

/**
 * Why the engine refused an order op. Carried by `order.rejected`; stable, so clients may branch on them.
 * - UNKNOWN_SYMBOL: the symbol is not listed.
 * - INVALID_QUANTITY: not a multiple of the lot size, zero, or outside the instrument's min/max.
 * - INVALID_PRICE: a limit without a price, a market with one, off the tick grid, or outside the band around the mid.
 * - INSUFFICIENT_FUNDS: cash not reserved by open orders cannot pay for the order and its fee.
 * - INSUFFICIENT_POSITION: selling more than is held and not already offered (no shorting).
 * - TOO_MANY_OPEN_ORDERS: the account already has the most resting orders allowed.
 * - RATE_LIMITED: too many orders placed by this account in a short time; retry later. A backstop only: the
 *   gateway refuses an op over its budget first (an `error` RATE_LIMITED with `retryAfterMs`), below this limit.
 * - DUPLICATE_CLIENT_ORDER_ID: the client order id was already used for a different order.
 * - NO_LIQUIDITY: a market order found nothing on the opposite side of the book.
 * - UNKNOWN_ORDER: the order to cancel does not exist, is not yours, or is no longer open.
 * - MARKET_CLOSED: the engine has no live book for the symbol (feed down, or resyncing for over 2 s).
 */
export const REJECT_CODES = {
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_PRICE: 'INVALID_PRICE',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INSUFFICIENT_POSITION: 'INSUFFICIENT_POSITION',
  TOO_MANY_OPEN_ORDERS: 'TOO_MANY_OPEN_ORDERS',
  RATE_LIMITED: 'RATE_LIMITED',
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  MARKET_CLOSED: 'MARKET_CLOSED',
} as const;
export type RejectCode = (typeof REJECT_CODES)[keyof typeof REJECT_CODES];

/**
 * Why an accepted order ended before it filled completely.
 * - USER_REQUESTED: `order.cancel` or `order.cancelAll`.
 * - NO_LIQUIDITY: the rest of a market order once the book ran out.
 * - IOC_EXPIRED: the rest of an immediate-or-cancel limit order.
 * - ACCOUNT_RESET: the account was reset to its starting balance.
 * - INSUFFICIENT_FUNDS / INSUFFICIENT_POSITION: a resting order could no longer be paid for or delivered.
 * - DEADMAN_SWITCH: the user armed `order.deadman` and had no socket open on any gateway node for that long.
 */
export const CANCEL_REASONS = {
  USER_REQUESTED: 'USER_REQUESTED',
  NO_LIQUIDITY: 'NO_LIQUIDITY',
  IOC_EXPIRED: 'IOC_EXPIRED',
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

/** Places a mock order; `clientOrderId` makes a retry safe (the same id never places twice). */
export const orderPlaceSchema = z.strictObject({
  op: z.literal('order.place'),
  id: requestId,
  clientOrderId,
  symbol,
  side: z.enum(['buy', 'sell']),
  type: z.enum(['market', 'limit']),
  /** Limit orders only (GTC by default); market orders are always immediate-or-cancel. */
  timeInForce: z.enum(['GTC', 'IOC']).optional(),
  quantity: decimalString,
  /** Required for limit orders, refused on market orders (INVALID_PRICE). */
  price: decimalString.optional(),
});
export type OrderPlaceRequest = z.infer<typeof orderPlaceSchema>;

/** Cancels one open order, named by exactly one of its engine id or its client order id. */
export const orderCancelSchema = z
  .strictObject({ op: z.literal('order.cancel'), id: requestId, orderId: orderId.optional(), clientOrderId: clientOrderId.optional() })
  .refine((r) => (r.orderId === undefined) !== (r.clientOrderId === undefined), { message: 'give exactly one of orderId and clientOrderId' });
export type OrderCancelRequest = z.infer<typeof orderCancelSchema>;

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
export const orderRequestSchema = z.union([orderPlaceSchema, orderCancelSchema, orderCancelAllSchema, orderDeadmanSchema]);
export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** The ops above, to tell an order op from a market-data op before parsing. */
export const ORDER_OPS = ['order.place', 'order.cancel', 'order.cancelAll', 'order.deadman'] as const;

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

type RequestId = string | number;

/** The immutable terms of an order as the engine accepted them. */
export interface OrderTerms {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  orderType: 'market' | 'limit';
  timeInForce: 'GTC' | 'IOC';
  quantity: string;
  /** Null for market orders. */
  price: string | null;
}

/** The order passed validation and exists; a retry with the same clientOrderId gets the same terms and ts. */
export interface OrderAcceptedEvent extends OrderTerms {
  type: 'order.accepted';
  requestId?: RequestId;
  /** When the order was created, ms since the epoch. */
  ts: number;
}

/** The op was refused; nothing changed. */
export interface OrderRejectedEvent {
  type: 'order.rejected';
  requestId?: RequestId;
  op: OrderRequest['op'];
  code: RejectCode;
  message: string;
  clientOrderId?: string;
  orderId?: string;
  symbol?: string;
  ts: number;
}

/** One execution of an order (a partial or the final fill). Money fields have 8 decimals. */
export interface OrderFilledEvent {
  type: 'order.filled';
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  fillId: string;
  price: string;
  size: string;
  fee: string;
  /** Taker when the order took liquidity on arrival, maker when it rested first. */
  liquidity: 'maker' | 'taker';
  /** The order's cumulative filled quantity and volume-weighted average price after this fill. */
  filledQty: string;
  avgPrice: string;
  status: 'partially_filled' | 'filled';
  ts: number;
}

/** The order will not fill further; `filledQty` says how much did. */
export interface OrderCancelledEvent {
  type: 'order.cancelled';
  requestId?: RequestId;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  reason: CancelReason;
  filledQty: string;
  ts: number;
}

/** The answer to `order.cancelAll`, after the `order.cancelled` of each order it ended; `cancelled` may be 0. */
export interface OrderCancelAllDoneEvent {
  type: 'order.cancelAll.done';
  requestId?: RequestId;
  symbol: string;
  /** How many open orders it cancelled. */
  cancelled: number;
  ts: number;
}

/** The answer to `order.deadman`: the switch's delay now in force (0 = disarmed). */
export interface OrderDeadmanEvent {
  type: 'order.deadman';
  requestId?: RequestId;
  seconds: number;
  ts: number;
}

/** The account's holding in one instrument after a fill, at average cost (fees excluded). */
export interface PositionEvent {
  type: 'position';
  symbol: string;
  quantity: string;
  avgCost: string;
  realizedPnl: string;
  ts: number;
}

/** The account's cash after a fill or a reset. */
export interface BalanceEvent {
  type: 'balance';
  cash: string;
  ts: number;
}

/** Every message the engine publishes on `userChannel(userId)`, each already a wire message. */
export type OrderEvent =
  | OrderAcceptedEvent
  | OrderRejectedEvent
  | OrderFilledEvent
  | OrderCancelledEvent
  | OrderCancelAllDoneEvent
  | OrderDeadmanEvent
  | PositionEvent
  | BalanceEvent;

/** Every `type` of an OrderEvent, so a consumer of the user channel can drop anything else. */
export const ORDER_EVENT_TYPES = ['order.accepted', 'order.rejected', 'order.filled', 'order.cancelled', 'order.cancelAll.done', 'order.deadman', 'position', 'balance'] as const;
