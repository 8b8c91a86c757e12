// The engine's transactions under one account's lock (cancels, resting fills, the dead-man's switch).
// Taking the lock moves users.version on, so the engine's guess of that account is dropped with it:
// the next run of orders for it reads instead of sending a write the version check would refuse.
import type { Tx } from '../../lib/accounts/account-lock.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { AccountGuess } from './account-guess.ts';
import { timeStatement } from './engine-metrics.ts';

export interface LockedTransactionDeps {
  prisma: PrismaClient;
  transactionTimeoutMs: number;
  guess?: Pick<AccountGuess, 'forget'>;
}

/** Runs `work` in a transaction that takes `userId`'s lock; the guess is dropped whether or not it commits. */
export async function inLockedTransaction<T>(deps: LockedTransactionDeps, userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await timeStatement('locked_transaction', () => deps.prisma.$transaction(work, { timeout: deps.transactionTimeoutMs }));
  } finally {
    deps.guess?.forget([userId]);
  }
}
