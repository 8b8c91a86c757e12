'use client';
// One instrument in the picker's list: symbol and name, last price, 24h change, 24h volume in USD.
import { useLocale, useTranslations } from 'next-intl';
import type { Instrument } from '@/lib/market/instruments.ts';
import type { Quote } from '@/lib/protocol/index-tick.ts';
import { formatPct, formatVolume, groupThousands } from '@/lib/client/format.ts';
import type { Stats24h } from '@/lib/market/rolling-stats.ts';
import styles from './instrument-picker.module.css';

interface Props {
  id: string;
  instrument: Instrument;
  /** Its name in the page's language. */
  name: string;
  quote: Quote | undefined;
  stats: Stats24h | undefined;
  isActive: boolean;
  isSelected: boolean;
  onChoose: () => void;
  onHover: () => void;
}

export function InstrumentRow({ id, instrument, name, quote, stats, isActive, isSelected, onChoose, onHover }: Props) {
  const t = useTranslations('picker');
  const locale = useLocale();
  const change = quote ? Number(quote.changePct) : undefined;
  return (
    <li
      id={id}
      role="option"
      aria-selected={isSelected}
      className={styles.option}
      data-active={isActive}
      data-testid={`instrument-${instrument.symbol}`}
      onClick={onChoose}
      onPointerMove={onHover}
    >
      <span className={styles.optionSymbol}>
        <strong>{instrument.symbol}</strong>
        <span className="muted">{name}</span>
      </span>
      <span className="num">{quote ? groupThousands(quote.last, locale) : '—'}</span>
      <span className={`num ${change === undefined ? 'muted' : change >= 0 ? 'up' : 'down'}`}>{quote ? formatPct(quote.changePct, locale) : '—'}</span>
      <span className="num muted" data-testid={`volume-24h-${instrument.symbol}`} title={t('volumeTitle')}>
        {stats ? `$${formatVolume(Number(stats.quoteVolume), locale)}` : '—'}
      </span>
    </li>
  );
}
