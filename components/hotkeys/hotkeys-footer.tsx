'use client';
// The status line with, at its end, the way in to the shortcuts' help: a small button that says
// whether they are on and that ? opens it (the header has no room left at 1280 px).
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useHotkeysUi } from './hotkeys-provider.tsx';
import styles from './hotkeys.module.css';

/** `end`: what follows the shortcuts button at the row's end (the language switch). */
export function HotkeysFooter({ children, end }: { children: ReactNode; end?: ReactNode }) {
  const t = useTranslations('hotkeys');
  const ui = useHotkeysUi();
  const state = ui?.isEnabled === false ? 'off' : 'on';
  return (
    <div className={styles.footerRow}>
      {children}
      {ui && (
        <button
          type="button"
          className={styles.footerButton}
          onClick={ui.openHelp}
          aria-haspopup="dialog"
          aria-expanded={ui.isHelpOpen}
          aria-keyshortcuts="?"
          aria-label={t('button', { state })}
          title={t('buttonTitle')}
          data-state={state}
          data-testid="hotkeys-button"
        >
          <svg viewBox="0 0 24 24" width="15" height="15" aria-hidden="true" focusable="false">
            <rect x="2.5" y="6" width="19" height="12" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M6 9.5h1.5M9.5 9.5H11M13 9.5h1.5M16.5 9.5H18M6 12.5h1.5M16.5 12.5H18M8.5 15h7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <span>{t('buttonText', { state })}</span>
          <kbd className={styles.kbdSmall} aria-hidden="true">
            ?
          </kbd>
        </button>
      )}
      {end}
    </div>
  );
}
