'use client';
// The lab's tabs (index, book): a WAI-ARIA tablist with a roving tabindex; arrows, Home and End move
// and select (automatic activation), as in the account panel.
import { useTranslations } from 'next-intl';
import type { KeyboardEvent } from 'react';
import styles from './lab.module.css';

/** The lab's views; the index is the default. */
export type LabTab = 'index' | 'book';
export const LAB_TABS: readonly { id: LabTab }[] = [{ id: 'index' }, { id: 'book' }];

export const labTabId = (tab: LabTab): string => `lab-tab-${tab}`;
export const labPanelId = (tab: LabTab): string => `lab-panel-${tab}`;

export function LabTabs({ selected, onSelect }: { selected: LabTab; onSelect: (tab: LabTab) => void }) {
  const t = useTranslations('lab');
  const onKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = LAB_TABS.findIndex((tab) => tab.id === selected);
    const last = LAB_TABS.length - 1;
    const to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    const next = to === undefined ? undefined : LAB_TABS[to];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    event.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`#${labTabId(next.id)}`)?.focus();
  };
  return (
    <div className={styles.tabs} role="tablist" aria-label={t('tabs')}>
      {LAB_TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={labTabId(tab.id)}
          aria-controls={labPanelId(tab.id)}
          aria-selected={selected === tab.id}
          tabIndex={selected === tab.id ? 0 : -1}
          className={styles.tab}
          data-testid={`lab-tab-${tab.id}`}
          onClick={() => onSelect(tab.id)}
          onKeyDown={onKey}
        >
          {t(`tab.${tab.id}`)}
        </button>
      ))}
    </div>
  );
}
