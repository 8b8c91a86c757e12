'use client';
// Resting orders with a cancel button each, and cancel-all (one `order.cancelAll` per instrument).
// A stop shows where it triggers and whether it is still waiting.
import { useLocale, useTranslations } from 'next-intl';
import { sendCancelAll } from '@/lib/client/cancel-all.ts';
import { formatClock, trimSize } from '@/lib/client/format.ts';
import { openOrderView } from '@/lib/client/open-order-view.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { useOrders } from './use-account.ts';
import styles from './account.module.css';

export function OpenOrdersTable() {
  const t = useTranslations('account');
  const locale = useLocale();
  const say = useUiText();
  const session = useMarketSession();
  const open = useOrders().data?.open ?? [];
  if (open.length === 0) return <p className={styles.empty}>{t('noOrders')}</p>;
  const cancelAll = (): void => {
    sendCancelAll(session, open.map((o) => o.symbol));
  };
  return (
    <table className={styles.table} data-testid="open-orders">
      <thead>
        <tr>
          <th>{t('time')}</th>
          <th>{t('instrument')}</th>
          <th className={styles.orderCell}>{t('order')}</th>
          <th>{t('price')}</th>
          <th>{t('trigger')}</th>
          <th>{t('quantity')}</th>
          <th>{t('filled')}</th>
          <th>
            <button type="button" className={styles.linkButton} onClick={cancelAll} data-testid="cancel-all">
              {t('cancelAll')}
            </button>
          </th>
        </tr>
      </thead>
      <tbody>
        {open.map((order) => {
          const view = openOrderView(order);
          return (
            <tr key={order.orderId} data-testid="open-order" data-order-id={order.orderId} data-order-type={order.orderType} data-stop-state={view.stopState}>
              <td className="num muted">{formatClock(order.createdAt, locale)}</td>
              <td>{order.symbol}</td>
              <td className={styles.orderCell}>
                <span className={order.side === 'buy' ? 'up' : 'down'}>{t('sideValue', { side: order.side })}</span> {say(view.typeLabel)}
                {view.tags.map((tag) => (
                  <span key={tag.key} className={styles.tag}>
                    {say(tag)}
                  </span>
                ))}
              </td>
              <td className={`num ${view.priceText === undefined ? 'muted' : ''}`} title={order.orderType === 'stop_market' && order.price !== null ? t('worstFill', { price: order.price }) : undefined}>
                {view.priceText ?? t('market')}
              </td>
              <td className="num">
                {view.triggerText === undefined ? (
                  <span className="muted">—</span>
                ) : (
                  <>
                    {view.triggerText}
                    <span className={styles.stopState} data-state={view.stopState} data-testid="stop-state">
                      {t(view.stopState === 'waiting' ? 'stopState.waiting' : 'stopState.triggered')}
                    </span>
                  </>
                )}
              </td>
              <td className="num">{trimSize(order.quantity, 8, locale)}</td>
              <td className="num">{trimSize(order.filledQty, 8, locale)}</td>
              <td>
                <button type="button" className={styles.linkButton} onClick={() => session.send({ op: 'order.cancel', id: `cancel-${order.orderId}`, orderId: order.orderId })} aria-label={say(view.cancelLabel)}>
                  {t('cancel')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
