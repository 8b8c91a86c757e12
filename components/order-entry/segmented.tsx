'use client';
// A segmented control built on native radio buttons: one choice always made, arrow keys move it.
import styles from './order-entry.module.css';

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
  tone?: 'up' | 'down';
}

export function Segmented<T extends string>({ name, legend, options, value, onChange, size = 'large' }: { name: string; legend: string; options: SegmentOption<T>[]; value: T; onChange: (value: T) => void; size?: 'large' | 'small' }) {
  return (
    <fieldset className={`${styles.segmented} ${size === 'small' ? styles.small : ''}`}>
      <legend className="visually-hidden">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={styles.segment} data-checked={option.value === value} data-tone={option.tone}>
          <input type="radio" className="visually-hidden" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} data-testid={`${name}-${option.value}`} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
