'use client';
// The chart panel: candles or depth, switched in its header. The candle chart stays mounted while
// depth is shown, so it keeps its bars, zoom and live subscription.
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DepthChart } from '@/components/depth/depth-chart.tsx';
import { Panel } from '@/components/trader/panel.tsx';
import { CandleChart } from './candle-chart.tsx';
import styles from './candle-chart.module.css';

type View = 'candles' | 'depth';

export function ChartPanel({ symbol }: { symbol: string }) {
  const t = useTranslations('chart');
  const [view, setView] = useState<View>('candles');
  const tools = (
    <div className={styles.views} role="tablist" aria-label={t('views')}>
      {(['candles', 'depth'] as const).map((v) => (
        <button key={v} type="button" role="tab" aria-selected={view === v} className={styles.viewTab} onClick={() => setView(v)} data-testid={`chart-view-${v}`}>
          {t(`view.${v}`)}
        </button>
      ))}
    </div>
  );
  return (
    <Panel title={t('panelTitle', { symbol })} tools={tools} testId="chart-panel">
      <div className={styles.viewBody} hidden={view !== 'candles'}>
        <CandleChart symbol={symbol} />
      </div>
      {view === 'depth' && <DepthChart symbol={symbol} />}
    </Panel>
  );
}
