'use client';
// One instrument in the picker's list: symbol and name, last price, 24h change.
import type { Instrument } from '@/lib/market/instruments.ts';
import type { Quote } from '@/lib/protocol/index-tick.ts';
import { formatPct, groupThousands } from '@/lib/client/format.ts';
import styles from './instrument-picker.module.css';

interface Props {
  id: string;
  instrument: Instrument;
  quote: Quote | undefined;
  isActive: boolean;
  isSelected: boolean;
  onChoose: () => void;
  onHover: () => void;
}

export function InstrumentRow({ id, instrument, quote, isActive, isSelected, onChoose, onHover }: Props) {
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
        <span className="muted">{instrument.name}</span>
      </span>
      <span className="num">{quote ? groupThousands(quote.last) : '—'}</span>
      <span className={`num ${change === undefined ? 'muted' : change >= 0 ? 'up' : 'down'}`}>{quote ? formatPct(quote.changePct) : '—'}</span>
    </li>
  );
}
