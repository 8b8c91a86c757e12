// The trading REST answers the browser reads (GET /api/account, /api/orders, /api/fills,
// /api/positions), validated at the edge; field names follow the `order.*` events.
import { z } from 'zod';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const side = z.enum(['buy', 'sell']);

export const accountSchema = z.object({ userId: z.string(), displayName: z.string(), cash: decimal, startingCash: decimal });
export type Account = z.infer<typeof accountSchema>;

export const orderSchema = z.object({
  orderId: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side,
  orderType: z.enum(['market', 'limit', 'stop_market', 'stop_limit']),
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']),
  quantity: decimal,
  /** The limit; a stop-market's protection price; null for market orders. */
  price: decimal.nullable(),
  /** Stop orders only: the last-trade price that triggers them. */
  stopPrice: decimal.nullable(),
  postOnly: z.boolean(),
  /** When a stop order triggered (ms); null while it waits, and for every other type. */
  triggeredAt: z.number().nullable(),
  filledQty: decimal,
  status: z.string(),
  reason: z.string().nullable().optional(),
  createdAt: z.number(),
});
export type OrderRow = z.infer<typeof orderSchema>;

export const ordersSchema = z.object({ open: z.array(orderSchema), recent: z.array(orderSchema) });
export type Orders = z.infer<typeof ordersSchema>;

export const fillSchema = z.object({
  fillId: z.string(),
  orderId: z.string(),
  symbol: z.string(),
  side,
  price: decimal,
  size: decimal,
  fee: decimal,
  liquidity: z.enum(['maker', 'taker']).optional(),
  ts: z.number(),
});
export type FillRow = z.infer<typeof fillSchema>;

export const fillsSchema = z.object({ fills: z.array(fillSchema) });
export type Fills = z.infer<typeof fillsSchema>;

export const positionSchema = z.object({ symbol: z.string(), quantity: decimal, avgCost: decimal, realizedPnl: decimal });
export type PositionRow = z.infer<typeof positionSchema>;

export const positionsSchema = z.object({ positions: z.array(positionSchema) });
export type Positions = z.infer<typeof positionsSchema>;
