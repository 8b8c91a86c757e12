'use client';
// The instrument picker: a button naming the current instrument that opens a filterable list of every
// instrument with its last price and 24h change (live over SSE) and 24h volume (GET /api/tickers, each
// minute). Keyboard: arrows, Enter, Escape; the [ ] shortcuts step through the list and / opens it.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { adjacentSymbol } from '@/lib/client/hotkeys.ts';
import type { Messages } from '@/i18n/messages.ts';
import { INSTRUMENTS, type Instrument } from '@/lib/market/instruments.ts';
import { useTraderCommand } from '@/components/hotkeys/trader-commands.tsx';
import { useIndex } from '@/components/market-data/use-index.ts';
import { useTickers } from '@/components/market-data/use-stats-24h.ts';
import { InstrumentRow } from './instrument-row.tsx';
import styles from './instrument-picker.module.css';

/** By symbol, or by name in English or in the page's language ("비트" finds BTC-USD). */
function matches(inst: Instrument, localName: string, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return f === '' || [inst.symbol, inst.name, localName].some((text) => text.toLowerCase().includes(f));
}

export function InstrumentPicker({ symbol }: { symbol: string }) {
  const t = useTranslations('picker');
  const nameOf = (inst: Instrument): string => {
    const key = `names.${inst.symbol}` as `names.${keyof Messages['picker']['names']}`;
    return t.has(key) ? t(key) : inst.name;
  };
  const [isOpen, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const { tick } = useIndex();
  const tickers = useTickers(isOpen);
  const router = useRouter();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const current = INSTRUMENTS.find((i) => i.symbol === symbol);
  const list = INSTRUMENTS.filter((i) => matches(i, nameOf(i), filter));

  // A click anywhere outside closes the list.
  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent): void => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [isOpen]);

  const open = (): void => {
    setFilter('');
    setActive(Math.max(0, INSTRUMENTS.findIndex((i) => i.symbol === symbol)));
    setOpen(true);
  };
  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const choose = (next: string): void => {
    setOpen(false);
    if (next !== symbol) router.push(`/trade/${next}`);
  };
  useTraderCommand('instrument.step', ({ step }) => {
    const next = adjacentSymbol(INSTRUMENTS.map((i) => i.symbol), symbol, step);
    if (next) choose(next);
  });
  useTraderCommand('instrument.search', open);
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (list.length === 0 ? 0 : (i + step + list.length) % list.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = list[Math.min(active, list.length - 1)];
      if (chosen) choose(chosen.symbol);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  return (
    <div className={styles.root} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={styles.button}
        aria-haspopup="listbox"
        aria-expanded={isOpen}
        onClick={() => (isOpen ? setOpen(false) : open())}
        data-testid="instrument-picker"
      >
        <span className={styles.symbol}>{symbol}</span>
        <span className={styles.name}>{current && nameOf(current)}</span>
        <span className={styles.caret} aria-hidden="true">
          ▾
        </span>
      </button>
      {isOpen && (
        <div className={styles.popover}>
          <input
            className={styles.filter}
            autoFocus
            role="combobox"
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={list[active] ? `${listId}-${list[active].symbol}` : undefined}
            aria-label={t('searchLabel')}
            placeholder={t('searchPlaceholder')}
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKey}
          />
          <ul className={styles.list} role="listbox" id={listId} aria-label={t('list')}>
            {list.map((inst, index) => (
              <InstrumentRow
                key={inst.symbol}
                id={`${listId}-${inst.symbol}`}
                instrument={inst}
                name={nameOf(inst)}
                quote={tick?.quotes[inst.symbol]}
                stats={tickers?.get(inst.symbol)}
                isActive={index === active}
                isSelected={inst.symbol === symbol}
                onChoose={() => choose(inst.symbol)}
                onHover={() => setActive(index)}
              />
            ))}
            {list.length === 0 && <li className={styles.empty}>{t('noMatch', { filter })}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
