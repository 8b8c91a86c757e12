'use client';
// The raw text/event-stream as it arrives: a fetch() reader on the same endpoint (EventSource hides the
// text), showing the newest bytes.
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import styles from './lab.module.css';

const KEEP_CHARS = 1400;

export function SseRawView() {
  const t = useTranslations('lab');
  const [text, setText] = useState('');
  useEffect(() => {
    const controller = new AbortController();
    async function read(): Promise<void> {
      const response = await fetch(`/api/stream/index?symbols=BTC-USD`, { signal: controller.signal });
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      if (!reader) return;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        const value = chunk.value;
        setText((previous) => (previous + value).slice(-KEEP_CHARS));
      }
    }
    read().catch(() => undefined);
    return () => controller.abort();
  }, []);
  return (
    <section className={styles.panel} aria-label={t('rawStream')}>
      <h2 className={styles.panelTitle}>
        {t.rich('rawTitle', { code: (chunks) => <code>{chunks}</code> })} <span className="muted">· GET /api/stream/index?symbols=BTC-USD</span>
      </h2>
      <pre className={styles.raw} data-testid="sse-raw">
        {text || t('waitingBytes')}
      </pre>
    </section>
  );
}
