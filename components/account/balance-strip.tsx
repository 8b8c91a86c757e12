'use client';
// Cash, equity and P&L of the demo account, valued live at the mids streamed over SSE; a reset, and signing out.
import { useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { AppLocale } from '@/i18n/locales.ts';
import { formatUsd } from '@/lib/client/format.ts';
import { accountTotals, valuePosition } from '@/lib/client/position-pnl.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { ACCOUNT_KEY } from './account-queries.ts';
import { SignOutButton } from './sign-out-button.tsx';
import { useAccount, usePositions } from './use-account.ts';
import styles from './account.module.css';

function signed(value: number | undefined, locale: AppLocale): { text: string; tone: string } {
  if (value === undefined) return { text: '—', tone: 'muted' };
  return { text: `${value > 0 ? '+' : ''}${formatUsd(value, locale)}`, tone: value > 0 ? 'up' : value < 0 ? 'down' : '' };
}

export function BalanceStrip() {
  const t = useTranslations('account');
  const locale = useLocale();
  const account = useAccount().data;
  const positions = usePositions().data?.positions ?? [];
  const { tick } = useIndex();
  const queryClient = useQueryClient();
  const [isResetting, setResetting] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const cash = account ? Number(account.cash) : undefined;
  const totals = cash === undefined ? undefined : accountTotals(cash, positions.map((p) => valuePosition(p, tick?.quotes[p.symbol])));
  const unrealized = signed(totals?.unrealizedPnl, locale);
  const realized = signed(totals?.realizedPnl, locale);

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
        <span className={styles.caption}>{t('cash')}</span>
        <span className="num" data-testid="balance-cash">
          {cash === undefined ? '—' : `${formatUsd(cash, locale)} USD`}
        </span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>{t('equity')}</span>
        <span className="num">{totals?.equity === undefined ? '—' : formatUsd(totals.equity, locale)}</span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>{t('unrealizedPnl')}</span>
        <span className={`num ${unrealized.tone}`} data-testid="unrealized-pnl">
          {unrealized.text}
        </span>
      </div>
      <div className={styles.stat}>
        <span className={styles.caption}>{t('realizedPnl')}</span>
        <span className={`num ${realized.tone}`}>{realized.text}</span>
      </div>
      <div className={styles.accountActions}>
        <button type="button" className={styles.accountAction} data-armed={isConfirming} onClick={() => void reset()} disabled={!account || isResetting} title={account ? t('resetTitle', { amount: formatUsd(account.startingCash, locale) }) : undefined}>
          {isConfirming ? t('resetConfirm') : t('reset')}
        </button>
        <SignOutButton />
      </div>
    </div>
  );
}
