'use client';
// A labelled decimal input with its unit, a hint, and its validation message; ArrowUp/ArrowDown step it.
// `aside` sits at the end of the label's line (the options of a price).
import type { ReactNode } from 'react';
import styles from './order-entry.module.css';

interface Props {
  id: string;
  label: string;
  unit: string;
  value: string;
  placeholder?: string;
  hint?: string;
  error?: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  onStep?: (direction: 1 | -1) => void;
  aside?: ReactNode;
}

export function DecimalField({ id, label, unit, value, placeholder, hint, error, onChange, onBlur, onStep, aside }: Props) {
  const noteId = `${id}-note`;
  return (
    <div className={styles.field}>
      <div className={styles.labelRow}>
        <label htmlFor={id} className={styles.label}>
          {label}
        </label>
        {aside}
      </div>
      <div className={styles.inputWrap} data-invalid={error !== undefined}>
        <input
          id={id}
          className={`num ${styles.input}`}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          aria-invalid={error !== undefined}
          aria-describedby={noteId}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          onKeyDown={(e) => {
            if (!onStep || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
            e.preventDefault();
            onStep(e.key === 'ArrowUp' ? 1 : -1);
          }}
          data-testid={id}
        />
        <span className={styles.unit}>{unit}</span>
      </div>
      <p id={noteId} className={error ? styles.error : styles.hint} data-testid={error ? `${id}-error` : undefined}>
        {error ?? hint}
      </p>
    </div>
  );
}
