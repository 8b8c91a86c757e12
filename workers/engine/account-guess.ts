// The accounts as the engine last wrote them. A run of new orders whose accounts are all here skips
// the read and goes straight to the write: the write's version check (users.version, which every
// other writer bumps) still decides whether the guess was right, so a stale guess costs one refused
// statement and a fresh read, never a wrong write. PostgreSQL stays the only truth.
import type { AccountState } from './batch-accounts.ts';

const DEFAULT_CAPACITY = 10_000;

export class AccountGuess {
  private readonly accounts = new Map<string, AccountState>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Copies of the accounts of `userIds` to decide a run against, or undefined unless all are known. */
  take(userIds: readonly string[]): Map<string, AccountState> | undefined {
    const found = new Map<string, AccountState>();
    for (const userId of userIds) {
      const account = this.accounts.get(userId);
      if (account === undefined) return undefined;
      found.set(userId, copyAccount(account, account.version));
    }
    return found;
  }

  /** After a run's write: the accounts as decided, one version on where the write bumped it. */
  remember(accounts: ReadonlyMap<string, AccountState>, writtenUserIds: ReadonlySet<string>): void {
    for (const account of accounts.values()) {
      this.accounts.delete(account.userId);
      this.accounts.set(account.userId, copyAccount(account, account.version + (writtenUserIds.has(account.userId) ? 1 : 0)));
    }
    for (const oldest of this.accounts.keys()) {
      if (this.accounts.size <= this.capacity) break;
      this.accounts.delete(oldest);
    }
  }

  forget(userIds: Iterable<string>): void {
    for (const userId of userIds) this.accounts.delete(userId);
  }
}

// Deciding a run replaces positions and cash and appends open orders, never changes them in place.
function copyAccount(account: AccountState, version: number): AccountState {
  const { userId, cash } = account;
  return { userId, version, cash, positions: new Map(account.positions), open: [...account.open], storedOrderIds: new Map(), changedSymbols: new Set() };
}
