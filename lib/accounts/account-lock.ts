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

/**
 * lockAccount and the idempotency read in one round trip: the cash, and the id of the user's order
 * with `clientOrderId` if there is one (only the users row is locked).
 */
export async function lockAccountForOrder(tx: Tx, userId: string, clientOrderId: string): Promise<{ cash: Money; existingOrderId: bigint | null }> {
  const rows = await tx.$queryRaw<{ cash: string; existing: bigint | null }[]>`
    SELECT u.cash::text AS cash, o.id AS existing
    FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.client_order_id = ${clientOrderId}
    WHERE u.id = ${userId}::uuid FOR UPDATE OF u`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  return { cash: parseMoney(row.cash), existingOrderId: row.existing };
}
