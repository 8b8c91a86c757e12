'use client';
// The chart's timeframe buttons (a radio group: one is always chosen; arrow keys move between them).
// The 1-6 shortcuts choose through the same onChange as a click.
import { useTranslations } from 'next-intl';
import { TIMEFRAME_VALUES, type Timeframe } from '@/lib/protocol/messages.ts';
import { useTraderCommand } from '@/components/hotkeys/trader-commands.tsx';
import styles from './candle-chart.module.css';

export function TimeframeSwitch({ value, onChange }: { value: Timeframe; onChange: (tf: Timeframe) => void }) {
  const t = useTranslations('chart');
  useTraderCommand('chart.timeframe', ({ timeframe }) => onChange(timeframe));
  return (
    <div className={styles.timeframes} role="radiogroup" aria-label={t('timeframes')}>
      {TIMEFRAME_VALUES.map((tf) => (
        <button
          key={tf}
          type="button"
          role="radio"
          aria-checked={tf === value}
          tabIndex={tf === value ? 0 : -1}
          className={styles.timeframe}
          data-testid={`timeframe-${tf}`}
          onClick={() => onChange(tf)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            const i = TIMEFRAME_VALUES.indexOf(value) + (e.key === 'ArrowRight' ? 1 : -1);
            const next = TIMEFRAME_VALUES[(i + TIMEFRAME_VALUES.length) % TIMEFRAME_VALUES.length];
            if (!next) return;
            onChange(next);
            const sibling = e.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`[data-testid="timeframe-${next}"]`);
            sibling?.focus();
          }}
        >
          {t(`timeframe.${tf}`)}
        </button>
      ))}
    </div>
  );
}
