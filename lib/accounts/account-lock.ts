// The account row lock the transactions that change an existing order take first (the engine's
// resting fills and cancels, a reset from the web), so their read-modify-writes never interleave.
// Taking it also bumps users.version: new orders take no lock, and the engine writes them only if
// the version is unchanged since its read, so any locked writer in between makes it decide again.
import type { Prisma } from '../generated/prisma/client.ts';
import { parseMoney, type Money } from './money.ts';

/** An interactive transaction's client. */
export type Tx = Prisma.TransactionClient;

/** The queue named a user that does not exist (deleted since, or a forged entry); the entry is dropped. */
export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError';
  readonly code = 'UNKNOWN_ACCOUNT';
}

/**
 * Locks the user's row until the transaction ends (an UPDATE locks it as FOR UPDATE would), bumps its
 * version and returns its cash; throws UnknownAccountError for no such user.
 */
export async function lockAccount(tx: Tx, userId: string): Promise<Money> {
  const rows = await tx.$queryRaw<{ cash: string }[]>`UPDATE users SET version = version + 1 WHERE id = ${userId}::uuid RETURNING cash::text AS cash`;
  const row = rows[0];
  if (row === undefined) throw new UnknownAccountError(`no user ${userId}`);
  return parseMoney(row.cash);
}
