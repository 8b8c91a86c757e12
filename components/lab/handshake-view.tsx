'use client';
// The lab socket's real handshake as the gateway received and answered it, and the accept value
// recomputed here from the key, to show the two match.
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { WEBSOCKET_GUID, websocketAccept } from '@/lib/client/lab/websocket-accept.ts';
import type { LabHandshakeMessage } from '@/lib/protocol/messages.ts';
import styles from './lab.module.css';

const SHOWN = /^(host|upgrade|connection|origin|sec-websocket-[a-z]+)$/i;

export function HandshakeView({ handshake }: { handshake: LabHandshakeMessage | undefined }) {
  const t = useTranslations('lab');
  const key = handshake?.request.find(([name]) => name.toLowerCase() === 'sec-websocket-key')?.[1];
  const sent = handshake?.response.find((line) => /^sec-websocket-accept:/i.test(line))?.split(':')[1]?.trim();
  const [computed, setComputed] = useState<string>();
  useEffect(() => {
    if (key !== undefined) void websocketAccept(key).then(setComputed);
  }, [key]);
  return (
    <section className={styles.panel} aria-label={t('handshake')}>
      <h2 className={styles.panelTitle}>{t('handshakeTitle')}</h2>
      {handshake ? (
        <>
          <pre className={styles.code} data-testid="ws-handshake">
            {[handshake.requestLine, ...handshake.request.filter(([name]) => SHOWN.test(name)).map(([n, v]) => `${n}: ${v}`), '', ...handshake.response].join('\n')}
          </pre>
          <p className={styles.check} data-testid="ws-accept-check" data-match={computed !== undefined && computed === sent}>
            base64(SHA-1(<code>{key}</code> + <code>{WEBSOCKET_GUID}</code>)) = <code>{computed ?? t('needsSecureContext')}</code>{' '}
            {computed === sent ? t('acceptMatches') : t('acceptDiffers')}
          </p>
        </>
      ) : (
        <p className="muted">{t('waitingSocket')}</p>
      )}
    </section>
  );
}
