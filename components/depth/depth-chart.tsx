'use client';
// The depth chart: cumulative bid and ask size around the mid price, from the same live book as the ladder,
// with the spread as a band between the best bid and the best ask, the mid as a line, and both labelled.
// Rendered only while shown: its paths are rebuilt on every book frame.
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { groupThousands, trimSize } from '@/lib/client/format.ts';
import { midPrice, spreadText } from '@/lib/client/spread.ts';
import { lotsToSize, ticksToPrice } from '@/lib/market/decimal.ts';
import { getInstrument } from '@/lib/market/instruments.ts';
import { asTicks } from '@/lib/market/units.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { depthModel, HEIGHT, WIDTH } from './depth-model.ts';
import styles from './depth-chart.module.css';

export function DepthChart({ symbol }: { symbol: string }) {
  const t = useTranslations('depth');
  const inst = getInstrument(symbol);
  const view = useBook(symbol);
  const model = useMemo(() => depthModel(view.bids, view.asks), [view]);
  const price = (ticks: number): string => (inst ? groupThousands(ticksToPrice(asTicks(Math.round(ticks)), inst)) : '');
  const mid = model && inst ? groupThousands(midPrice(model.bestBid, model.bestAsk, inst)) : '';
  const spread = model && inst ? t('spread', { value: spreadText(model.bestBid, model.bestAsk, inst) }) : '';
  return (
    <div className={styles.stage} data-state={view.status} data-testid="depth-chart">
      {model ? (
        <>
          <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={t('label', { symbol, mid, spread })}>
            <rect x={model.spreadX0} width={Math.max(0, model.spreadX1 - model.spreadX0)} y={0} height={HEIGHT} className={styles.spreadBand} data-testid="depth-spread-band" />
            <path d={model.bidArea} className={styles.bidArea} />
            <path d={model.askArea} className={styles.askArea} />
            <path d={model.bidLine} className={styles.bidLine} vectorEffect="non-scaling-stroke" />
            <path d={model.askLine} className={styles.askLine} vectorEffect="non-scaling-stroke" />
            <line x1={WIDTH / 2} x2={WIDTH / 2} y1={0} y2={HEIGHT} className={styles.mid} vectorEffect="non-scaling-stroke" data-testid="depth-mid-line" />
          </svg>
          <span className={`num ${styles.maxLabel}`}>{inst ? trimSize(lotsToSize(model.maxLots, inst), 2) : ''}</span>
          <span className={`num ${styles.spreadLabel}`} data-testid="depth-spread" aria-hidden="true">
            {spread}
          </span>
          <div className={styles.axis}>
            <span className="num">{price(model.minTicks)}</span>
            <span className={styles.midLabel}>
              <span className={styles.midCaption}>{t('mid')} </span>
              <span className="num" data-testid="depth-mid">
                {mid}
              </span>
            </span>
            <span className="num">{price(model.maxTicks)}</span>
          </div>
        </>
      ) : (
        <div className={styles.empty}>{t('waiting')}</div>
      )}
    </div>
  );
}
