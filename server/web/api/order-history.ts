// `GET /api/orders`: the user's open orders and the most recent finished ones, newest first.
import { z } from 'zod';
import type { Order, PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import type { OrderTerms } from '../../../lib/protocol/order-events.ts';
import { moneyText, priceText, sizeText } from './stored-decimal.ts';

/** One order as the REST API shows it: its terms as in `order.accepted` (as amended since), and its state. */
export interface OrderView extends OrderTerms {
  /** A stop order whose stop price was reached; false while it waits, and for every other type. */
  triggered: boolean;
  /** When it triggered, ms since the epoch; null while it waits, and for every other type. */
  triggeredAt: number | null;
  filledQty: string;
  avgPrice: string | null;
  status: Order['status'];
  /** Why it was cancelled, when it was (a CANCEL_REASONS code). */
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** `?symbol=&limit=` — limit caps the finished orders; open ones are all listed (the engine caps them per account). */
export const orderQuerySchema = z.object({
  symbol: z.string().refine(isKnownSymbol, 'unknown symbol').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderQuery = z.infer<typeof orderQuerySchema>;

const OPEN_STATUSES: Order['status'][] = ['open', 'partially_filled'];
// A safety bound only: the engine's maxOpenOrders keeps the real number far below it.
const MAX_OPEN_LISTED = 1000;

/** The user's orders, split into open and recent (finished). */
export async function readOrders(prisma: PrismaClient, userId: string, query: OrderQuery): Promise<{ open: OrderView[]; recent: OrderView[] }> {
  const symbol = query.symbol;
  const [open, recent] = await Promise.all([
    prisma.order.findMany({ where: { userId, symbol, status: { in: OPEN_STATUSES } }, orderBy: { id: 'desc' }, take: MAX_OPEN_LISTED }),
    prisma.order.findMany({ where: { userId, symbol, status: { notIn: OPEN_STATUSES } }, orderBy: { id: 'desc' }, take: query.limit }),
  ]);
  return { open: open.map(toOrderView), recent: recent.map(toOrderView) };
}

/** A stored order as the API shows it. */
export function toOrderView(row: Order): OrderView {
  return {
    orderId: row.id.toString(),
    clientOrderId: row.clientOrderId,
    symbol: row.symbol,
    side: row.side,
    orderType: row.type,
    timeInForce: row.timeInForce,
    quantity: sizeText(row.quantity, row.symbol),
    price: row.price === null ? null : priceText(row.price, row.symbol),
    stopPrice: row.stopPrice === null ? null : priceText(row.stopPrice, row.symbol),
    postOnly: row.postOnly,
    triggered: row.triggeredAt !== null,
    triggeredAt: row.triggeredAt?.getTime() ?? null,
    filledQty: sizeText(row.filledQty, row.symbol),
    avgPrice: row.avgPrice === null ? null : moneyText(row.avgPrice),
    status: row.status,
    reason: row.reason,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}
