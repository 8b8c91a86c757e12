// The events the engine publishes on a user's channel (`userChannel(userId)`), each already a wire
// message. Decimals travel as strings; money fields have 8 decimals.
import type { CancelReason, OrderRequest, OrderType, RejectCode, TimeInForce } from './orders.ts';

type RequestId = string | number;

/** The terms of an order as the engine accepted them (or, in `order.amended`, as amended). */
export interface OrderTerms {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  orderType: OrderType;
  timeInForce: TimeInForce;
  quantity: string;
  /** The limit; a stop-market's protection price; null for market orders. */
  price: string | null;
  /** Stop orders only. */
  stopPrice: string | null;
  postOnly: boolean;
}

/** The order passed validation and exists; a retry with the same clientOrderId gets the same terms and ts. */
export interface OrderAcceptedEvent extends OrderTerms {
  type: 'order.accepted';
  requestId?: RequestId;
  /** When the order was created, ms since the epoch. */
  ts: number;
}

/** A stop order's trigger: a public trade printed at or beyond its stop price; its fills follow. */
export interface OrderTriggeredEvent {
  type: 'order.triggered';
  orderId: string;
  clientOrderId: string;
  symbol: string;
  stopPrice: string;
  /** The price of the trade that triggered it. */
  lastPrice: string;
  ts: number;
}

/** The answer to `order.amend`: the order's terms now; fills of a new price that crossed the book follow. */
export interface OrderAmendedEvent extends OrderTerms {
  type: 'order.amended';
  requestId?: RequestId;
  filledQty: string;
  /** False when the amend moved the order to the back of the queue at its price (a new price or a larger quantity). */
  keptPriority: boolean;
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
  | OrderTriggeredEvent
  | OrderAmendedEvent
  | OrderRejectedEvent
  | OrderFilledEvent
  | OrderCancelledEvent
  | OrderCancelAllDoneEvent
  | OrderDeadmanEvent
  | PositionEvent
  | BalanceEvent;

/** Every `type` of an OrderEvent, so a consumer of the user channel can drop anything else. */
export const ORDER_EVENT_TYPES = ['order.accepted', 'order.triggered', 'order.amended', 'order.rejected', 'order.filled', 'order.cancelled', 'order.cancelAll.done', 'order.deadman', 'position', 'balance'] as const;
