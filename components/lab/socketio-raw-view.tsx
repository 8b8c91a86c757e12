// The first Engine.IO packets this page's Socket.IO client exchanged, under the HTTP requests that
// carried them: the handshake over long polling, the WebSocket probe and upgrade, the first events.
import { showWireLine, type SocketIoRaw } from '@/lib/client/lab/socketio-raw.ts';
import { useTranslations } from 'next-intl';
import styles from './lab.module.css';

export function SocketIoRawView({ raw }: { raw: SocketIoRaw }) {
  const t = useTranslations('lab');
  return (
    <section className={styles.panel} aria-label={t('socketioPackets')}>
      <h2 className={styles.panelTitle}>
        Socket.IO 4 <span className="muted">{t.rich('socketioSub', { code: (chunks) => <code>{chunks}</code> })}</span>
      </h2>
      <pre className={`${styles.code} ${styles.wireLog}`} data-testid="socketio-raw">
        {raw.lines.length > 0 ? raw.lines.map(showWireLine).join('\n') : t('waitingBytes')}
        {raw.closed !== undefined && `\n…\n  ← ${raw.closed}`}
      </pre>
      <p className={`muted ${styles.wireNote}`}>
        {t.rich('socketioNote', { code: (chunks) => <code>{chunks}</code> })}
      </p>
    </section>
  );
}
