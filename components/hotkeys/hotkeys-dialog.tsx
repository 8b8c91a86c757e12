'use client';
// The shortcuts' help: a modal dialog (the browser's own <dialog>: focus kept inside, the page behind
// inert) with the on/off switch and one table built from the same bindings the key handler reads.
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useSyncExternalStore } from 'react';
import { bindingsIn, chordKeys, HOTKEY_GROUPS } from '@/lib/client/hotkeys.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import styles from './hotkeys.module.css';

interface Props {
  isOpen: boolean;
  isEnabled: boolean;
  onToggleEnabled: () => void;
  onClose: () => void;
}

const noSubscription = (): (() => void) => () => undefined;
const readIsMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

export function HotkeysDialog({ isOpen, isEnabled, onToggleEnabled, onClose }: Props) {
  const t = useTranslations('hotkeys');
  const say = useUiText();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const switchRef = useRef<HTMLButtonElement>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const titleId = useId();
  const stateId = useId();
  const isMac = useSyncExternalStore(noSubscription, readIsMac, () => false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) {
      returnFocusTo.current = document.activeElement;
      dialog.showModal();
      switchRef.current?.focus();
    } else if (!isOpen && dialog.open) {
      dialog.close();
    }
  }, [isOpen]);

  // Closed by any means (Escape, ?, the close button, a click on the backdrop): focus goes back.
  const onDialogClose = (): void => {
    onClose();
    const back = returnFocusTo.current;
    returnFocusTo.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };

  return (
    <dialog
      ref={dialogRef}
      className={styles.dialog}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={stateId}
      onClose={onDialogClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      data-testid="hotkeys-dialog"
    >
      <div className={styles.sheet}>
        <header className={styles.head}>
          <h2 id={titleId} className={styles.title}>
            {t('title')}
          </h2>
          <button type="button" className={styles.close} onClick={onClose} aria-label={t('close')} data-testid="hotkeys-close">
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className={styles.switchRow}>
          <button ref={switchRef} type="button" role="switch" aria-checked={isEnabled} aria-describedby={stateId} className={styles.switch} onClick={onToggleEnabled} data-testid="hotkeys-switch">
            <span className={styles.track} aria-hidden="true">
              <span className={styles.thumb} />
            </span>
            {t('use')}
          </button>
          <p id={stateId} className={styles.state} data-enabled={isEnabled} data-testid="hotkeys-state">
            {isEnabled ? t('stateOn') : t('stateOff')}
          </p>
        </div>
        <table className={styles.table} data-testid="hotkeys-table">
          <thead>
            <tr>
              <th scope="col">{t('keys')}</th>
              <th scope="col">{t('action')}</th>
            </tr>
          </thead>
          {HOTKEY_GROUPS.map((group) => (
            <tbody key={group}>
              <tr>
                <th scope="colgroup" colSpan={2} className={styles.group}>
                  {t(`group.${group}`)}
                </th>
              </tr>
              {bindingsIn(group).map((binding) => (
                <tr key={binding.id} data-hotkey={binding.id}>
                  <td className={styles.keys}>
                    {chordKeys(binding.chord, isMac).map((key, i) => (
                      <span key={key}>
                        {i > 0 && <span className={styles.plus}>+</span>}
                        <kbd className={styles.kbd}>{key}</kbd>
                      </span>
                    ))}
                  </td>
                  <td className={isEnabled || binding.firesWhenOff || binding.onlyInOverlay ? undefined : styles.off}>{say(binding.label)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
        <p className={styles.note}>
          {t('note')}
        </p>
      </div>
    </dialog>
  );
}
