'use client';
// The OHLCV readout of the bar under the crosshair (or of the latest bar), over the chart's top-left corner.
import { useTranslations } from 'next-intl';
import type { AppLocale } from '@/i18n/locales.ts';
import type { Bar } from '@/lib/client/candle-merge.ts';
import { formatVolume } from '@/lib/client/format.ts';
import { formatBarTime } from './local-time.ts';
import styles from './candle-chart.module.css';

export function OhlcvLegend({ bar, precision, isHover, locale }: { bar: Bar | undefined; precision: number; isHover: boolean; locale: AppLocale }) {
  const t = useTranslations('chart');
  if (!bar) return <div className={styles.legend}>{t('waitingCandles')}</div>;
  const change = bar.close - bar.open;
  const pct = bar.open === 0 ? 0 : (change / bar.open) * 100;
  const tone = change >= 0 ? 'up' : 'down';
  const fmt = (n: number): string => n.toFixed(precision);
  return (
    <div className={styles.legend} data-testid="ohlcv-legend" data-hover={isHover}>
      <span className="muted">{formatBarTime(bar.time, locale)}</span>
      <span>
        {t('legend.open')} <span className={`num ${tone}`}>{fmt(bar.open)}</span>
      </span>
      <span>
        {t('legend.high')} <span className={`num ${tone}`}>{fmt(bar.high)}</span>
      </span>
      <span>
        {t('legend.low')} <span className={`num ${tone}`}>{fmt(bar.low)}</span>
      </span>
      <span>
        {t('legend.close')} <span className={`num ${tone}`}>{fmt(bar.close)}</span>
      </span>
      <span className={`num ${tone}`}>
        {change >= 0 ? '+' : ''}
        {pct.toFixed(2)}%
      </span>
      <span>
        {t('legend.volume')} <span className="num">{formatVolume(bar.volume, locale)}</span>
      </span>
    </div>
  );
}
