'use client';
// A limit price's options, on its label's line: post-only (a GTC limit only; the engine refuses it on
// anything else, so the box is disabled there) and the time in force (limit and stop-limit orders).
import { useTranslations } from 'next-intl';
import { hasLimitPrice, type OrderType, type TimeInForce } from '@/lib/protocol/orders.ts';
import { allowsPostOnly } from '@/lib/client/order-draft.ts';
import styles from './order-entry.module.css';

const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];

interface Props {
  type: OrderType;
  timeInForce: TimeInForce;
  postOnly: boolean;
  onChange: (changes: { timeInForce?: TimeInForce; postOnly?: boolean }) => void;
}

export function OrderOptions({ type, timeInForce, postOnly, onChange }: Props) {
  const t = useTranslations('ticket');
  if (!hasLimitPrice(type)) return null;
  const canPostOnly = allowsPostOnly(type, timeInForce);
  return (
    <div className={styles.options}>
      {type === 'limit' && (
        <label className={styles.check} title={canPostOnly ? t('postOnlyTitle') : t('postOnlyNeedsGtc')} data-disabled={!canPostOnly}>
          <input type="checkbox" checked={postOnly && canPostOnly} disabled={!canPostOnly} onChange={(e) => onChange({ postOnly: e.target.checked })} data-testid="order-post-only" />
          {t('postOnly')}
        </label>
      )}
      <select
        className={styles.select}
        value={timeInForce}
        onChange={(e) => onChange({ timeInForce: e.target.value as TimeInForce })}
        aria-label={t('timeInForce')}
        title={t(`tif.${timeInForce}`)}
        data-testid="order-tif"
      >
        {TIME_IN_FORCE.map((value) => (
          <option key={value} value={value} title={t(`tif.${value}`)}>
            {value}
          </option>
        ))}
      </select>
    </div>
  );
}
