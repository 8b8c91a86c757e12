'use client';
// Cash, equity and P&L of the demo account, valued live at the mids streamed over SSE; a reset, and signing out.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUsd } from '@/lib/client/format.ts';
import { accountTotals, valuePosition } from '@/lib/client/position-pnl.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { ACCOUNT_KEY } from './account-queries.ts';
import { SignOutButton } from './sign-out-button.tsx';
import { useAccount, usePositions } from './use-account.ts';
import styles from './account.module.css';

function signed(value: number | undefined): { text: string; tone: string } {
  if (value === undefined) return { text: '—', tone: 'muted' };
  return { text: `${value > 0 ? '+' : ''}${formatUsd(value)}`, tone: value > 0 ? 'up' : value < 0 ? 'down' : '' };
}

export function BalanceStrip() {
  const account = useAccount().data;
  const positions = usePositions().data?.positions ?? [];
  const { tick } = useIndex();
  const queryClient = useQueryClient();
  const [isResetting, setResetting] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const cash = account ? Number(account.cash) : undefined;
  const totals = cash === undefined ? undefined : accountTotals(cash, positions.map((p) => valuePosition(p, tick?.quotes[p.symbol])));
  const unrealized = signed(totals?.unrealizedPnl);
  const realized = signed(totals?.realizedPnl);

  const reset = async (): Promise<void> => {
    // Two clicks: the first arms the button for a few seconds, so a stray click never wipes the account.
    if (!isConfirming) {
      setConfirming(true);
      setTimeout(() => setConfirming(false), 4000);
      return;
    }
    setConfirming(false);
    setResetting(true);
    try {
      await fetch('/api/account/reset', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    } finally {
      setResetting(false);
      void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
    }
  };

  return (
    <div className={styles.balances}>
      <div className={styles.stat}>
        <span className={styles.caption}>Cash</span>
        <span className="num" data-testid="balance-cash">
          {cash === undefined ? '—' : `${formatUsd(cash)} USD`}
        </span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>Equity</span>
        <span className="num">{totals?.equity === undefined ? '—' : formatUsd(totals.equity)}</span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>Unrealized P&amp;L</span>
        <span className={`num ${unrealized.tone}`} data-testid="unrealized-pnl">
          {unrealized.text}
        </span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>Realized P&amp;L</span>
        <span className={`num ${realized.tone}`}>{realized.text}</span>
      </div>
      <div className={styles.accountActions}>
        <button type="button" className={styles.accountAction} data-armed={isConfirming} onClick={() => void reset()} disabled={!account || isResetting} title={account ? `Back to ${formatUsd(account.startingCash)} USD, no orders, no positions` : undefined}>
          {isConfirming ? 'Click again to reset' : 'Reset account'}
        </button>
        <SignOutButton />
      </div>
    </div>
  );
}
