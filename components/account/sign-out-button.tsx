'use client';
// Signs out of the demo account: the session ends (its sockets close on every gateway node), then
// the page gets a fresh demo account and shows it. Two clicks, like the reset: the old account cannot
// be signed back in to.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ensureSession } from '@/components/market-data/ensure-session.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { ACCOUNT_KEY } from './account-queries.ts';
import styles from './account.module.css';

export function SignOutButton() {
  const t = useTranslations('account');
  const session = useMarketSession();
  const queryClient = useQueryClient();
  const [isConfirming, setConfirming] = useState(false);
  const [isSigningOut, setSigningOut] = useState(false);

  const signOut = async (): Promise<void> => {
    if (!isConfirming) {
      setConfirming(true);
      setTimeout(() => setConfirming(false), 4000);
      return;
    }
    setConfirming(false);
    setSigningOut(true);
    try {
      await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' });
      await ensureSession();
      // The gateway closes this page's socket too (4001), and the page then reconnects with the new
      // cookie; if that close has not arrived yet, reconnect now rather than trade on the old session.
      if (session.socket.state === 'open') session.socket.reconnect('signed out');
    } finally {
      setSigningOut(false);
      void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
    }
  };

  return (
    <button type="button" className={styles.accountAction} data-armed={isConfirming} data-testid="sign-out" onClick={() => void signOut()} disabled={isSigningOut} title={t('signOutTitle')}>
      {isSigningOut ? t('signingOut') : isConfirming ? t('signOutConfirm') : t('signOut')}
    </button>
  );
}
