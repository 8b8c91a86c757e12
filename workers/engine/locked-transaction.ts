// The engine's transactions under one account's lock (cancels, resting fills, the dead-man's switch).
// Taking the lock moves users.version on, so the engine's guess of that account is dropped with it:
// the next run of orders for it reads instead of sending a write the version check would refuse.
import type { Tx } from '../../lib/accounts/account-lock.ts';
import { assertFence, FencedError, type Fence } from '../../lib/leadership/fence.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { AccountGuess } from './account-guess.ts';
import { timeStatement } from './engine-metrics.ts';

export interface LockedTransactionDeps {
  prisma: PrismaClient;
  transactionTimeoutMs: number;
  guess?: Pick<AccountGuess, 'forget'>;
  /** The engine's term: asserted first, so a fenced-off engine writes nothing. */
  fence?: Fence;
  /** Told when the fence refused a write: a newer engine leads. */
  onFenced?: () => void;
}

/** Runs `work` in a transaction that takes `userId`'s lock; the guess is dropped whether or not it commits. */
export async function inLockedTransaction<T>(deps: LockedTransactionDeps, userId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const fenced = async (tx: Tx): Promise<T> => {
      if (deps.fence !== undefined) await assertFence(tx, deps.fence);
      return work(tx);
    };
    return await timeStatement('locked_transaction', () => deps.prisma.$transaction(fenced, { timeout: deps.transactionTimeoutMs }));
  } catch (error) {
    if (error instanceof FencedError) deps.onFenced?.();
    throw error;
  } finally {
    deps.guess?.forget([userId]);
  }
}
