// Applies the user's order events to the cached REST answers at once, so the page shows a fill, a
// cancel, a stop's trigger, an amend or a new balance without waiting for a refetch (which follows
// and has the last word).
import type { OrderAcceptedEvent, OrderAmendedEvent, OrderCancelledEvent, OrderFilledEvent, OrderEvent, OrderTriggeredEvent } from '../protocol/order-events.ts';
import type { Account, Fills, OrderRow, Orders, Positions } from './account-schemas.ts';

/** How many finished orders and fills the lists keep. */
const RECENT_LIMIT = 50;

export function applyToOrders(orders: Orders, event: OrderEvent): Orders {
  switch (event.type) {
    case 'order.accepted':
      return onAccepted(orders, event);
    case 'order.filled':
      return onFilled(orders, event);
    case 'order.cancelled':
      return onCancelled(orders, event);
    case 'order.triggered':
      return onTriggered(orders, event);
    case 'order.amended':
      return onAmended(orders, event);
    default:
      return orders;
  }
}

export function applyToFills(fills: Fills, event: OrderEvent): Fills {
  if (event.type !== 'order.filled' || fills.fills.some((f) => f.fillId === event.fillId)) return fills;
  const { fillId, orderId, symbol, side, price, size, fee, liquidity, ts } = event;
  return { fills: [{ fillId, orderId, symbol, side, price, size, fee, liquidity, ts }, ...fills.fills].slice(0, RECENT_LIMIT) };
}

export function applyToPositions(positions: Positions, event: OrderEvent): Positions {
  if (event.type !== 'position') return positions;
  const row = { symbol: event.symbol, quantity: event.quantity, avgCost: event.avgCost, realizedPnl: event.realizedPnl };
  const others = positions.positions.filter((p) => p.symbol !== event.symbol);
  return { positions: [...others, row].sort((a, b) => a.symbol.localeCompare(b.symbol)) };
}

export function applyToAccount(account: Account, event: OrderEvent): Account {
  return event.type === 'balance' ? { ...account, cash: event.cash } : account;
}

function onAccepted(orders: Orders, event: OrderAcceptedEvent): Orders {
  if (orders.open.some((o) => o.orderId === event.orderId) || orders.recent.some((o) => o.orderId === event.orderId)) return orders;
  const row: OrderRow = {
    orderId: event.orderId,
    clientOrderId: event.clientOrderId,
    symbol: event.symbol,
    side: event.side,
    orderType: event.orderType,
    timeInForce: event.timeInForce,
    quantity: event.quantity,
    price: event.price,
    stopPrice: event.stopPrice,
    postOnly: event.postOnly,
    triggeredAt: null,
    filledQty: '0',
    status: 'open',
    reason: null,
    createdAt: event.ts,
  };
  return { ...orders, open: [row, ...orders.open] };
}

function onFilled(orders: Orders, event: OrderFilledEvent): Orders {
  const order = orders.open.find((o) => o.orderId === event.orderId);
  if (!order) return orders;
  const updated: OrderRow = { ...order, filledQty: event.filledQty, status: event.status };
  if (event.status === 'filled') return finish(orders, updated);
  return { ...orders, open: orders.open.map((o) => (o.orderId === event.orderId ? updated : o)) };
}

function onCancelled(orders: Orders, event: OrderCancelledEvent): Orders {
  const order = orders.open.find((o) => o.orderId === event.orderId);
  if (!order) return orders;
  return finish(orders, { ...order, filledQty: event.filledQty, status: 'cancelled', reason: event.reason });
}

// A stop's fills follow its trigger, so the row waits no longer from here on.
function onTriggered(orders: Orders, event: OrderTriggeredEvent): Orders {
  return updateOpen(orders, event.orderId, (order) => (order.triggeredAt === null ? { ...order, triggeredAt: event.ts } : order));
}

// The order's terms now; fills of a new price that crossed the book follow as their own events.
function onAmended(orders: Orders, event: OrderAmendedEvent): Orders {
  return updateOpen(orders, event.orderId, (order) => ({ ...order, price: event.price, quantity: event.quantity, filledQty: event.filledQty }));
}

function updateOpen(orders: Orders, orderId: string, change: (order: OrderRow) => OrderRow): Orders {
  const order = orders.open.find((o) => o.orderId === orderId);
  if (!order) return orders;
  const updated = change(order);
  return updated === order ? orders : { ...orders, open: orders.open.map((o) => (o.orderId === orderId ? updated : o)) };
}

function finish(orders: Orders, order: OrderRow): Orders {
  return { open: orders.open.filter((o) => o.orderId !== order.orderId), recent: [order, ...orders.recent].slice(0, RECENT_LIMIT) };
}
