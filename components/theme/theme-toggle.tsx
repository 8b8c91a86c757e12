'use client';
// Switches between the dark (default) and light themes and remembers the choice.
import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { THEME_STORAGE_KEY } from './theme-script.tsx';
import styles from './theme-toggle.module.css';

type Theme = 'dark' | 'light';

function readTheme(): Theme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

// The <html> attribute is the source of truth (the inline script may set it before React runs).
function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function ThemeToggle() {
  const t = useTranslations('theme');
  const theme = useSyncExternalStore<Theme>(subscribe, readTheme, () => 'dark');
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  const toggle = (): void => {
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  return (
    <button type="button" className={styles.toggle} onClick={toggle} aria-label={t(`switchTo.${next}`)} title={t(`switchTo.${next}`)} data-testid="theme-toggle">
      <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
    </button>
  );
}
