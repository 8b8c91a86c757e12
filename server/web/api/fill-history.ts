// `GET /api/fills`: the user's executions, newest first, paged by fill id.
import { z } from 'zod';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { moneyText, priceText, sizeText } from './stored-decimal.ts';

/** One execution as the REST API shows it; field names follow `order.filled`. */
export interface FillView {
  fillId: string;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: string;
  size: string;
  fee: string;
  ts: number;
}

const MAX_ID = 9_223_372_036_854_775_807n;

/** `?symbol=&limit=&before=` — `before` is a fillId: only older fills (the next page). */
export const fillQuerySchema = z.object({
  symbol: z.string().refine(isKnownSymbol, 'unknown symbol').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^[1-9]\d{0,18}$/, 'must be a fill id')
    .transform(BigInt)
    .refine((id) => id <= MAX_ID, 'must be a fill id')
    .optional(),
});
export type FillQuery = z.infer<typeof fillQuerySchema>;

/** The user's fills. */
export async function readFills(prisma: PrismaClient, userId: string, query: FillQuery): Promise<FillView[]> {
  const rows = await prisma.fill.findMany({
    where: { userId, symbol: query.symbol, id: query.before === undefined ? undefined : { lt: query.before } },
    orderBy: { id: 'desc' },
    take: query.limit,
    include: { order: { select: { clientOrderId: true } } },
  });
  return rows.map((row) => ({
    fillId: row.id.toString(),
    orderId: row.orderId.toString(),
    clientOrderId: row.order.clientOrderId,
    symbol: row.symbol,
    side: row.side,
    price: priceText(row.price, row.symbol),
    size: sizeText(row.quantity, row.symbol),
    fee: moneyText(row.fee),
    ts: row.createdAt.getTime(),
  }));
}
