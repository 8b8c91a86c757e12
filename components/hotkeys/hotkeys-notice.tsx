'use client';
// A short note of what a shortcut did where the page may not show it (orders cancelled while the
// account shows positions, the timeframe of a chart hidden behind the depth view). Also read out.
import { useCallback, useEffect, useState } from 'react';
import styles from './hotkeys.module.css';

const SHOWN_FOR_MS = 2500;

export function useNotice(): { text: string | undefined; show: (text: string) => void } {
  const [notice, setNotice] = useState<{ text: string; serial: number } | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  // A new object each time, so the same text shown twice restarts the timer.
  const show = useCallback((text: string) => setNotice((old) => ({ text, serial: (old?.serial ?? 0) + 1 })), []);
  return { text: notice?.text, show };
}

export function HotkeysNotice({ text }: { text: string | undefined }) {
  return (
    <div className={styles.notice} role="status" data-visible={text !== undefined} data-testid="hotkeys-notice">
      {text}
    </div>
  );
}
