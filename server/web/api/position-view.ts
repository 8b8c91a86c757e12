// `GET /api/positions`: each holding at average cost with realized P&L, and unrealized P&L at the
// current mid (null while the instrument has no book).
import type { Broker } from '../../../lib/broker/broker.ts';
import { parseMoney, formatMoney } from '../../../lib/accounts/money.ts';
import { unrealizedPnl } from '../../../lib/accounts/position.ts';
import type { PrismaClient } from '../../../lib/generated/prisma/client.ts';
import { sizeToLots } from '../../../lib/market/decimal.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { readMid } from './mark-price.ts';

/** One holding; flat ones stay listed for their realized P&L. Money fields have 8 decimals. */
export interface PositionView {
  symbol: string;
  quantity: string;
  avgCost: string;
  realizedPnl: string;
  /** The mid it is valued at, or null without a book. */
  mark: string | null;
  unrealizedPnl: string | null;
}

/** The user's positions, ordered by symbol. */
export async function readPositions(prisma: PrismaClient, broker: Broker, userId: string): Promise<PositionView[]> {
  const rows = await prisma.position.findMany({ where: { userId }, orderBy: { symbol: 'asc' } });
  return Promise.all(
    rows.map(async (row) => {
      const inst = getInstrument(row.symbol);
      const base = { symbol: row.symbol, quantity: row.quantity.toFixed(inst?.sizePrecision ?? 8), avgCost: row.avgCost.toFixed(8), realizedPnl: row.realizedPnl.toFixed(8) };
      const lots = inst === undefined ? null : sizeToLots(base.quantity, inst);
      const mid = inst === undefined || lots === null ? undefined : await readMid(broker, inst);
      if (inst === undefined || lots === null || mid === undefined) return { ...base, mark: null, unrealizedPnl: null };
      const pnl = unrealizedPnl({ lots, avgCost: parseMoney(base.avgCost), realizedPnl: 0n }, mid, inst);
      return { ...base, mark: formatMoney(mid), unrealizedPnl: formatMoney(pnl) };
    }),
  );
}
