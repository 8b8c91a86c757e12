'use client';
// The lab's tabs (index, book): a WAI-ARIA tablist with a roving tabindex; arrows, Home and End move
// and select (automatic activation), as in the account panel.
import type { KeyboardEvent } from 'react';
import styles from './lab.module.css';

/** The lab's views; the index is the default. */
export type LabTab = 'index' | 'book';
export const LAB_TABS: readonly { id: LabTab; label: string }[] = [
  { id: 'index', label: 'Index · six transports' },
  { id: 'book', label: 'Book · three codecs' },
];

export const labTabId = (tab: LabTab): string => `lab-tab-${tab}`;
export const labPanelId = (tab: LabTab): string => `lab-panel-${tab}`;

export function LabTabs({ selected, onSelect }: { selected: LabTab; onSelect: (tab: LabTab) => void }) {
  const onKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = LAB_TABS.findIndex((t) => t.id === selected);
    const last = LAB_TABS.length - 1;
    const to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    const next = to === undefined ? undefined : LAB_TABS[to];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    event.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`#${labTabId(next.id)}`)?.focus();
  };
  return (
    <div className={styles.tabs} role="tablist" aria-label="What the lab receives">
      {LAB_TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={labTabId(t.id)}
          aria-controls={labPanelId(t.id)}
          aria-selected={selected === t.id}
          tabIndex={selected === t.id ? 0 : -1}
          className={styles.tab}
          data-testid={`lab-tab-${t.id}`}
          onClick={() => onSelect(t.id)}
          onKeyDown={onKey}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
