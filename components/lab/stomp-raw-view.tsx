// The first STOMP frames this page's STOMP client exchanged with the gateway, byte for byte but for
// the NUL that ends each frame (shown `^@`, as the STOMP spec prints it) and bodies cut at 200 characters.
import type { StompRaw } from '@/lib/client/lab/stomp-raw.ts';
import { useTranslations } from 'next-intl';
import styles from './lab.module.css';

export function StompRawView({ raw }: { raw: StompRaw }) {
  const t = useTranslations('lab');
  const frames: [string, string | undefined][] = [
    [t('stompSent'), raw.connect],
    [t('stompReceived'), raw.connected],
    [t('stompFirstMessage'), raw.message],
  ];
  return (
    <section className={styles.panel} aria-label={t('stompFrames')}>
      <h2 className={styles.panelTitle}>
        STOMP 1.2 <span className="muted">{t.rich('stompSub', { code: (chunks) => <code>{chunks}</code> })}</span>
      </h2>
      <div className={styles.wire} data-testid="stomp-raw">
        {frames.map(([label, text]) => (
          <div key={label} className={styles.wireStep}>
            <span className={styles.wireLabel}>{label}</span>
            <pre className={styles.code}>{text ?? '…'}</pre>
          </div>
        ))}
      </div>
    </section>
  );
}
