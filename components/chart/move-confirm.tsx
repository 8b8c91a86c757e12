'use client';
// "Move buy 0.01 from 64,990.0 to 65,010.5?" beside the moved line: Confirm sends the amend, Cancel
// (or Escape, or a click elsewhere on the chart) puts the line back. Enter confirms.
import { useTranslations } from 'next-intl';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Instrument } from '@/lib/market/instruments.ts';
import type { Ticks } from '@/lib/market/units.ts';
import type { OrderLine } from './order-lines.ts';
import { ticksToNumber, ticksToText } from './price-ticks.ts';
import styles from './order-overlay.module.css';

interface MoveConfirmProps {
  line: OrderLine;
  inst: Instrument;
  from: Ticks;
  to: Ticks;
  onConfirm: () => void;
  onCancel: () => void;
}

export function MoveConfirm({ line, inst, from, to, onConfirm, onCancel }: MoveConfirmProps) {
  const t = useTranslations('chart');
  const root = useRef<HTMLDivElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    confirm.current?.focus({ preventScroll: true });
  }, []);

  // A press anywhere outside the overlay (the chart's canvas, another panel) drops the move. Presses on
  // the overlay's handles are theirs: a grab of another line replaces this one.
  useEffect(() => {
    const onPointerDown = (e: globalThis.PointerEvent): void => {
      const overlay = root.current?.parentElement;
      if (overlay && e.target instanceof Node && !overlay.contains(e.target)) onCancel();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onCancel]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') onCancel();
    else if (e.key === 'Enter') {
      if (e.target === cancel.current) onCancel();
      else onConfirm();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={root}
      className={styles.popover}
      role="dialog"
      aria-label={t('moveLabel')}
      data-testid="chart-move-confirm"
      data-side={line.side}
      data-new-price={ticksToText(to, inst)}
      data-popover-price={ticksToNumber(to, inst)}
      onKeyDown={onKeyDown}
    >
      <p className={styles.question}>
        {t.rich('moveQuestion', {
          side: line.side,
          size: line.size,
          fromPrice: ticksToText(from, inst),
          toPrice: ticksToText(to, inst),
          from: (chunks) => <span className={styles.num}>{chunks}</span>,
          to: (chunks) => <strong className={styles.num}>{chunks}</strong>,
        })}
      </p>
      <div className={styles.actions}>
        <button ref={confirm} type="button" className={styles.confirm} onClick={onConfirm} data-testid="chart-move-confirm-button">
          {t('confirm')}
        </button>
        <button ref={cancel} type="button" className={styles.dismiss} onClick={onCancel} data-testid="chart-move-cancel-button">
          {t('dismiss')}
        </button>
      </div>
    </div>
  );
}
