// STOMP destinations (docs/codecs.md) and what each maps onto: a market-data subscription in the JSON
// protocol's terms, the user's order events, or the connection's refusals.
import { ORDER_OPS as ORDER_OP_NAMES, type OrderRequest } from '../../../lib/protocol/orders.ts';

/** What a SUBSCRIBE destination names. */
export type SubscribeTarget =
  | { kind: 'market'; fields: Record<string, unknown> }
  | { kind: 'orders' }
  | { kind: 'errors' };

export const ORDERS_DESTINATION = '/user/queue/orders';
export const ERRORS_DESTINATION = '/user/queue/errors';
const TOPIC = '/topic/';
const APP = '/app/';
// Each order op is a SEND destination of its own: /app/order.place, /app/order.amend, ...
const ORDER_OPS: ReadonlySet<string> = new Set<OrderRequest['op']>(ORDER_OP_NAMES);
/** The SEND destinations, for the error that names them. */
export const SEND_DESTINATIONS: readonly string[] = ORDER_OP_NAMES.map((op) => `${APP}${op}`);

/**
 * Reads a SUBSCRIBE destination; undefined for one that is not served. The market fields are checked
 * later by the JSON protocol's own schema (symbol, depth range, timeframe), so the limits are the same.
 */
export function subscribeTargetOf(destination: string): SubscribeTarget | undefined {
  if (destination === ORDERS_DESTINATION) return { kind: 'orders' };
  if (destination === ERRORS_DESTINATION) return { kind: 'errors' };
  if (!destination.startsWith(TOPIC)) return undefined;
  const [channel, symbol, option, ...rest] = destination.slice(TOPIC.length).split('.');
  if (rest.length > 0) return undefined;
  if (channel === 'index' && symbol === undefined) return { kind: 'market', fields: { channel } };
  if (symbol === undefined || symbol === '') return undefined;
  if (channel === 'book') return { kind: 'market', fields: option === undefined ? { channel, symbol } : { channel, symbol, depth: Number(option) } };
  if (channel === 'trades' && option === undefined) return { kind: 'market', fields: { channel, symbol } };
  if (channel === 'candles' && option !== undefined) return { kind: 'market', fields: { channel, symbol, timeframe: option } };
  return undefined;
}

/** The order op a SEND destination names, or undefined. */
export function orderOpOf(destination: string): OrderRequest['op'] | undefined {
  if (!destination.startsWith(APP)) return undefined;
  const op = destination.slice(APP.length);
  return ORDER_OPS.has(op) ? (op as OrderRequest['op']) : undefined;
}
