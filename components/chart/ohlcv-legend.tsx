'use client';
// The OHLCV readout of the bar under the crosshair (or of the latest bar), over the chart's top-left corner.
import type { Bar } from '@/lib/client/candle-merge.ts';
import { formatVolume } from '@/lib/client/format.ts';
import { formatBarTime } from './local-time.ts';
import styles from './candle-chart.module.css';

export function OhlcvLegend({ bar, precision, isHover }: { bar: Bar | undefined; precision: number; isHover: boolean }) {
  if (!bar) return <div className={styles.legend}>Waiting for candles…</div>;
  const change = bar.close - bar.open;
  const pct = bar.open === 0 ? 0 : (change / bar.open) * 100;
  const tone = change >= 0 ? 'up' : 'down';
  const fmt = (n: number): string => n.toFixed(precision);
  return (
    <div className={styles.legend} data-testid="ohlcv-legend" data-hover={isHover}>
      <span className="muted">{formatBarTime(bar.time)}</span>
      <span>
        O <span className={`num ${tone}`}>{fmt(bar.open)}</span>
      </span>
      <span>
        H <span className={`num ${tone}`}>{fmt(bar.high)}</span>
      </span>
      <span>
        L <span className={`num ${tone}`}>{fmt(bar.low)}</span>
      </span>
      <span>
        C <span className={`num ${tone}`}>{fmt(bar.close)}</span>
      </span>
      <span className={`num ${tone}`}>
        {change >= 0 ? '+' : ''}
        {pct.toFixed(2)}%
      </span>
      <span>
        V <span className="num">{formatVolume(bar.volume)}</span>
      </span>
    </div>
  );
}
