'use client';
// The account: balance and P&L at a glance, then positions, open orders and fills in tabs.
import { useTranslations } from 'next-intl';
import { useState, type KeyboardEvent } from 'react';
import { useOrders } from './use-account.ts';
import { BalanceStrip } from './balance-strip.tsx';
import { DeadmanControl } from './deadman-control.tsx';
import { FillsTable } from './fills-table.tsx';
import { OpenOrdersTable } from './open-orders-table.tsx';
import { PositionsTable } from './positions-table.tsx';
import styles from './account.module.css';

type Tab = 'positions' | 'orders' | 'fills';
const TABS: Tab[] = ['positions', 'orders', 'fills'];

export function AccountPanel() {
  const t = useTranslations('account');
  const [tab, setTab] = useState<Tab>('positions');
  const openCount = useOrders().data?.open.length ?? 0;
  const labels: Record<Tab, string> = { positions: t('tab.positions'), orders: t('tab.orders', { count: openCount }), fills: t('tab.fills') };
  const onKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = TABS[(TABS.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    setTab(next);
    event.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
  };
  return (
    <section className={styles.panel} data-testid="account-panel" aria-label={t('label')}>
      <BalanceStrip />
      <DeadmanControl />
      <div className={styles.tabs} role="tablist" aria-label={t('views')}>
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" id={`account-tab-${t}`} aria-controls={`account-view-${t}`} aria-selected={tab === t} tabIndex={tab === t ? 0 : -1} className={styles.tab} data-tab={t} data-testid={`account-tab-${t}`} onClick={() => setTab(t)} onKeyDown={onKey}>
            {labels[t]}
          </button>
        ))}
      </div>
      <div className={styles.view} role="tabpanel" id={`account-view-${tab}`} aria-labelledby={`account-tab-${tab}`}>
        {tab === 'positions' && <PositionsTable />}
        {tab === 'orders' && <OpenOrdersTable />}
        {tab === 'fills' && <FillsTable />}
      </div>
    </section>
  );
}
