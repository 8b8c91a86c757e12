'use client';
// The chosen instrument's rolling 24 h open, high, low and volumes in the headline (live: see
// components/market-data/use-stats-24h.ts); open and quote volume give way on narrow screens.
import { useLocale, useTranslations } from 'next-intl';
import { formatVolume, groupThousands } from '@/lib/client/format.ts';
import { intlLocale } from '@/i18n/locales.ts';
import { getInstrument } from '@/lib/market/instruments.ts';
import type { Stats24h } from '@/lib/market/rolling-stats.ts';
import styles from './stats-24h.module.css';

interface FigureProps {
  caption: string;
  /** The exact decimal, kept in `data-value` for tests and tools; the text is formatted. */
  exact: string | undefined;
  format: (value: string) => string;
  testId: string;
  isWide?: boolean;
}

function Figure({ caption, exact, format, testId, isWide = false }: FigureProps) {
  return (
    <span className={`${styles.stat} ${isWide ? styles.wide : ''}`}>
      <span className={styles.caption}>{caption}</span>
      <span className="num" data-testid={testId} data-value={exact}>
        {exact === undefined ? '—' : format(exact)}
      </span>
    </span>
  );
}

/** Pads a decimal string to `precision` decimals ("63215" → "63215.0"); stored history drops trailing zeros. */
function padDecimals(value: string, precision: number): string {
  const dot = value.indexOf('.');
  const decimals = dot === -1 ? 0 : value.length - dot - 1;
  if (decimals >= precision) return value;
  return `${value}${dot === -1 ? '.' : ''}${'0'.repeat(precision - decimals)}`;
}

export function Stats24hFigures({ symbol, stats }: { symbol: string; stats: Stats24h | null }) {
  const t = useTranslations('headline');
  const locale = useLocale();
  const base = symbol.includes('-') ? symbol.slice(0, symbol.indexOf('-')) : symbol;
  const quote = symbol.includes('-') ? symbol.slice(symbol.indexOf('-') + 1) : 'USD';
  const precision = getInstrument(symbol)?.pricePrecision ?? 2;
  const price = (value: string): string => groupThousands(padDecimals(value, precision), locale);
  const volume = (value: string): string => formatVolume(Number(value), locale);
  const windowEnd = stats ? new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'medium' }).format(stats.to) : undefined;
  return (
    <span className={styles.figures} data-testid="stats-24h" title={windowEnd && t('window', { time: windowEnd })}>
      <Figure caption={t('open')} exact={stats?.open} format={price} testId="stats-24h-open" isWide />
      <Figure caption={t('high')} exact={stats?.high} format={price} testId="stats-24h-high" />
      <Figure caption={t('low')} exact={stats?.low} format={price} testId="stats-24h-low" />
      <Figure caption={t('volume', { unit: base })} exact={stats?.volume} format={volume} testId="stats-24h-volume" />
      <Figure caption={t('volume', { unit: quote })} exact={stats?.quoteVolume} format={volume} testId="stats-24h-quote-volume" isWide />
    </span>
  );
}
