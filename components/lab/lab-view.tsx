'use client';
// The transport lab: the same index stream over four transports side by side, with what each costs.
import Link from 'next/link';
import { useState } from 'react';
import { createLabId } from '@/lib/lab/lab-id';
import { SseRawView } from './sse-raw-view';
import { TransportCard } from './transport-card';
import { TransportVerdict } from './transport-verdict';
import { useLabTransports } from './use-lab-transports';
import { HEADER_FORMULA } from '@/lib/lab/wire-bytes';
import styles from './lab.module.css';

export function LabView({ gatewayUrl }: { gatewayUrl: string | undefined }) {
  const [labId] = useState(createLabId);
  const [gatewayNode, setGatewayNode] = useState<string>();
  const stats = useLabTransports(labId, gatewayUrl, {
    onMessage(message) {
      if (message.type === 'hello' && typeof message.node === 'string') setGatewayNode(message.node);
    },
  });
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          Tickwire <span className={styles.sub}>transport lab</span>
        </h1>
        <p className={styles.lede}>One index stream, received four ways at once. Pick the transport by the direction of the data.</p>
        <div className={styles.headerEnd}>
          <span className="muted">gateway</span> <code data-testid="gateway-node">{gatewayNode ?? '…'}</code>
          <Link href="/">trader view →</Link>
        </div>
      </header>
      <main className={styles.main}>
        <div className={styles.cards}>
          {stats.map((s) => (
            <TransportCard key={s.name} stats={s} all={stats} />
          ))}
        </div>
        <p className={`muted ${styles.note}`}>
          Bytes: WebSocket and SSE counted per frame/event (payload + 2–4 B frame header; the event text); polling = body + estimated headers ({HEADER_FORMULA}).
        </p>
        <div className={styles.columns}>
          <TransportVerdict stats={stats} />
          <SseRawView labId={labId} />
        </div>
      </main>
    </div>
  );
}
