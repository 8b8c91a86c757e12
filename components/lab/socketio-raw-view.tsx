// The first Engine.IO packets this page's Socket.IO client exchanged, under the HTTP requests that
// carried them: the handshake over long polling, the WebSocket probe and upgrade, the first events.
import { showWireLine, type SocketIoRaw } from '@/lib/client/lab/socketio-raw.ts';
import styles from './lab.module.css';

export function SocketIoRawView({ raw }: { raw: SocketIoRaw }) {
  return (
    <section className={styles.panel} aria-label="Socket.IO packets">
      <h2 className={styles.panelTitle}>
        Socket.IO 4 <span className="muted">
          · Engine.IO packets on <code>/socket.io/</code>, long polling then WebSocket
        </span>
      </h2>
      <pre className={`${styles.code} ${styles.wireLog}`} data-testid="socketio-raw">
        {raw.lines.length > 0 ? raw.lines.map(showWireLine).join('\n') : 'waiting for the first bytes…'}
        {raw.closed !== undefined && `\n…\n  ← ${raw.closed}`}
      </pre>
      <p className={`muted ${styles.wireNote}`}>
        <code>0</code> open · <code>2</code>/<code>3</code> ping/pong (<code>probe</code> tests the WebSocket) · <code>4</code> message, then Socket.IO&apos;s{' '}
        <code>0</code> connect, <code>2</code> event, <code>3</code> ack (an id before the array) · <code>5</code> upgrade
      </p>
    </section>
  );
}
