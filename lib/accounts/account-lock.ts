// The account row lock every writer of an account takes first: the engine's order and fill
// transactions and a reset from the web, so their read-modify-writes never interleave.
import type { Prisma } from '../generated/prisma/client.ts';
import { parseMoney, type Money } from './money.ts';

/** An interactive transaction's client. */
export type Tx = Prisma.TransactionClient;

/** The queue named a user that does not exist (deleted since, or a forged entry); the entry is dropped. */
export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
  readonly code = 'UNKNOWN_ACCOUNT';
}

/** Locks the user's row until the transaction ends and returns its cash; throws UnknownAccountError for no such user. */
export async function lockAccount(tx: Tx, userId: string): Promise<Money> {
  const rows = await tx.$queryRaw<{ cash: string }[]>`SELECT cash::text AS cash FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  return parseMoney(row.cash);
}

/** A position row's stored decimals (Prisma returns NUMERIC as a Decimal). */
export interface StoredPositionRow {
  quantity: { toFixed(decimals: number): string };
  avgCost: { toFixed(decimals: number): string };
  realizedPnl: { toFixed(decimals: number): string };
}

/**
 * lockAccount, the idempotency read and the position in `symbol` in one round trip: the cash, the id
 * of the user's order with `clientOrderId` if there is one, and the position row if there is one
 * (only the users row is locked).
 */
export async function lockAccountForOrder(
  tx: Tx,
  userId: string,
  clientOrderId: string,
  symbol: string,
): Promise<{ cash: Money; existingOrderId: bigint | null; position: StoredPositionRow | null }> {
  const rows = await tx.$queryRaw<({ cash: string; existing: bigint | null } & { [K in keyof StoredPositionRow]: StoredPositionRow[K] | null })[]>`
    SELECT u.cash::text AS cash, o.id AS existing, p.quantity, p.avg_cost AS "avgCost", p.realized_pnl AS "realizedPnl"
    FROM users u
    LEFT JOIN orders o ON o.user_id = u.id AND o.client_order_id = ${clientOrderId}
    LEFT JOIN positions p ON p.user_id = u.id AND p.symbol = ${symbol}
    WHERE u.id = ${userId}::uuid FOR UPDATE OF u`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  const { quantity, avgCost, realizedPnl } = row;
  const position = quantity === null || avgCost === null || realizedPnl === null ? null : { quantity, avgCost, realizedPnl };
  return { cash: parseMoney(row.cash), existingOrderId: row.existing, position };
}
