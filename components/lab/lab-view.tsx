'use client';
// The transport lab: the same index stream over six transports side by side, with what each costs,
// how each recovers from a drop, the socket's real handshake, the first bytes of each protocol and the system;
// on a second tab, the same order book over the three codecs that carry books.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { DropEpoch } from '@/lib/protocol/lab-drop-epoch.ts';
import { createLabId } from '@/lib/client/lab/lab-id.ts';
import { HEADER_FORMULA } from '@/lib/client/lab/wire-bytes.ts';
import { LanguageSwitch } from '@/components/i18n/language-switch.tsx';
import type { LabHandshakeMessage } from '@/lib/protocol/messages.ts';
import { BookLab } from './book-lab.tsx';
import { DropButton } from './drop-button.tsx';
import { HandshakeView } from './handshake-view.tsx';
import { IndexHopPanel } from './index-hop-panel.tsx';
import { LabTabs, labPanelId, labTabId, type LabTab } from './lab-tabs.tsx';
import { SocketIoRawView } from './socketio-raw-view.tsx';
import { SseRawView } from './sse-raw-view.tsx';
import { StompRawView } from './stomp-raw-view.tsx';
import { SystemDiagram } from './system-diagram.tsx';
import { TransportCard } from './transport-card.tsx';
import { TransportVerdict } from './transport-verdict.tsx';
import { useIsHydrated } from './use-is-hydrated.ts';
import { useLabTransports } from './use-lab-transports.ts';
import styles from './lab.module.css';

function isHandshake(message: { type: string }): message is LabHandshakeMessage {
  return message.type === 'lab.handshake';
}

export function LabView({ gatewayUrl }: { gatewayUrl: string | undefined }) {
  // Drawn in both renders but shown only after hydration: the server's draw is never the browser's.
  const t = useTranslations('lab');
  const [labId] = useState(createLabId);
  const isHydrated = useIsHydrated();
  const [dropEpoch] = useState(() => new DropEpoch());
  const [gatewayNode, setGatewayNode] = useState<string>();
  const [handshake, setHandshake] = useState<LabHandshakeMessage>();
  const [tab, setTab] = useState<LabTab>('index');
  const { stats, stomp, socketio, hops } = useLabTransports(labId, dropEpoch, gatewayUrl, {
    onMessage(message) {
      if (message.type === 'hello' && typeof message.node === 'string') setGatewayNode(message.node);
      if (isHandshake(message)) setHandshake(message);
    },
  });
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          Tickwire <span className={styles.sub}>{t('sub')}</span>
        </h1>
        <p className={styles.lede}>
          {tab === 'index' ? t('ledeIndex') : t('ledeBook')}
        </p>
        <div className={styles.headerEnd}>
          <span className="muted">{t('gateway')}</span> <code data-testid="gateway-node">{gatewayNode ?? '…'}</code>
          <Link href="/">{t('traderLink')}</Link>
          <LanguageSwitch />
        </div>
      </header>
      <main className={styles.main}>
        <LabTabs selected={tab} onSelect={setTab} />
        {/* The index keeps running behind the Book tab (its counters stay whole); the book runs only while shown. */}
        <div className={styles.tabPanel} role="tabpanel" id={labPanelId('index')} aria-labelledby={labTabId('index')} hidden={tab !== 'index'}>
          <div className={styles.toolbar}>
            <DropButton labId={labId} dropEpoch={dropEpoch} />
            <span className="muted">
              {t('labId')} <code data-testid="lab-id">{isHydrated ? labId : '…'}</code>
            </span>
          </div>
          <div className={styles.cards}>
            {stats.map((s) => (
              <TransportCard key={s.name} stats={s} all={stats} />
            ))}
          </div>
          <p className={`muted ${styles.note}`}>{t.rich('bytesNote', { formula: HEADER_FORMULA, code: (chunks) => <code>{chunks}</code> })}</p>
          <IndexHopPanel hops={hops} />
          <div className={styles.columns}>
            <TransportVerdict stats={stats} />
            <SseRawView />
          </div>
          <div className={styles.columns3} aria-label={t('protocols')}>
            <StompRawView raw={stomp} />
            <SocketIoRawView raw={socketio} />
          </div>
          <div className={styles.columns3}>
            <HandshakeView handshake={handshake} />
            <SystemDiagram gatewayNode={gatewayNode} />
          </div>
        </div>
        <div className={styles.tabPanel} role="tabpanel" id={labPanelId('book')} aria-labelledby={labTabId('book')} hidden={tab !== 'book'}>
          {tab === 'book' && <BookLab gatewayUrl={gatewayUrl} />}
        </div>
      </main>
    </div>
  );
}
