'use client';
// A limit price's options, on its label's line: post-only (a GTC limit only; the engine refuses it on
// anything else, so the box is disabled there) and the time in force (limit and stop-limit orders).
import type { OrderType, TimeInForce } from '@/lib/protocol/orders.ts';
import { allowsPostOnly, hasLimitPrice } from '@/lib/client/order-draft.ts';
import styles from './order-entry.module.css';

const TIME_IN_FORCE: { value: TimeInForce; title: string }[] = [
  { value: 'GTC', title: 'Good till cancelled: what does not fill at once rests until filled or cancelled' },
  { value: 'IOC', title: 'Immediate or cancel: takes what it can at once, cancels the rest' },
  { value: 'FOK', title: 'Fill or kill: fills whole at once, or not at all' },
];

interface Props {
  type: OrderType;
  timeInForce: TimeInForce;
  postOnly: boolean;
  onChange: (changes: { timeInForce?: TimeInForce; postOnly?: boolean }) => void;
}

export function OrderOptions({ type, timeInForce, postOnly, onChange }: Props) {
  if (!hasLimitPrice(type)) return null;
  const canPostOnly = allowsPostOnly(type, timeInForce);
  return (
    <div className={styles.options}>
      {type === 'limit' && (
        <label className={styles.check} title={canPostOnly ? 'Post only: never takes liquidity; refused if it would fill on arrival' : 'Post only needs GTC'} data-disabled={!canPostOnly}>
          <input type="checkbox" checked={postOnly && canPostOnly} disabled={!canPostOnly} onChange={(e) => onChange({ postOnly: e.target.checked })} data-testid="order-post-only" />
          Post only
        </label>
      )}
      <select
        className={styles.select}
        value={timeInForce}
        onChange={(e) => onChange({ timeInForce: e.target.value as TimeInForce })}
        aria-label="Time in force"
        title={TIME_IN_FORCE.find((t) => t.value === timeInForce)?.title}
        data-testid="order-tif"
      >
        {TIME_IN_FORCE.map((t) => (
          <option key={t.value} value={t.value} title={t.title}>
            {t.value}
          </option>
        ))}
      </select>
    </div>
  );
}
