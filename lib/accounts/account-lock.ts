// The account row lock every writer of an account takes first: the engine's order and fill
// transactions and a reset from the web, so their read-modify-writes never interleave.
import { Prisma } from '../generated/prisma/client.ts';
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
 * Locks the rows of every user in `userIds` until the transaction ends, in id order (so two writers
 * locking several accounts cannot deadlock). Reads made after it, in later statements, see every
 * write committed before the lock was granted; a read in the same statement might not.
 */
export async function lockAccounts(tx: Tx, userIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(userIds)].sort();
  if (ids.length === 0) return;
  // A list of parameters, not one array parameter: the embedded database's adapter cannot pass arrays.
  await tx.$queryRaw`SELECT id FROM users WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) ORDER BY id FOR UPDATE`;
}
