// SQL fragments that write positions and cash back, shared by the engine's order and fill statements.
import { formatMoney, type Money } from '../../lib/accounts/money.ts';
import type { PositionState } from '../../lib/accounts/position.ts';
import { lotsToSize } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { Prisma } from '../../lib/generated/prisma/client.ts';

/**
 * An INSERT … ON CONFLICT that stores holdings; a flat one keeps its row, so realized P&L stays on
 * record. With `onlyIf`, it inserts nothing unless that boolean SQL is true.
 */
export function upsertPositionsSql(positions: readonly { userId: string; inst: Instrument; position: PositionState }[], onlyIf: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  const values = positions.map(({ userId, inst, position }) =>
    Prisma.sql`(${userId}::uuid, ${inst.symbol}, ${lotsToSize(position.lots, inst)}::numeric, ${formatMoney(position.avgCost)}::numeric, ${formatMoney(position.realizedPnl)}::numeric)`);
  return Prisma.sql`INSERT INTO positions (user_id, symbol, quantity, avg_cost, realized_pnl)
    SELECT * FROM (VALUES ${Prisma.join(values)}) AS v (user_id, symbol, quantity, avg_cost, realized_pnl) WHERE ${onlyIf}
    ON CONFLICT (user_id, symbol) DO UPDATE SET quantity = EXCLUDED.quantity, avg_cost = EXCLUDED.avg_cost, realized_pnl = EXCLUDED.realized_pnl`;
}

/** An UPDATE that sets each user's cash. */
export function updateCashSql(balances: readonly { userId: string; cash: Money }[]): Prisma.Sql {
  const values = balances.map(({ userId, cash }) => Prisma.sql`(${userId}::uuid, ${formatMoney(cash)}::numeric)`);
  return Prisma.sql`UPDATE users SET cash = v.cash FROM (VALUES ${Prisma.join(values)}) AS v (id, cash) WHERE users.id = v.id`;
}
