'use client';
// Asks every node to drop this page's SSE, long-poll and WebSocket connections (POST /api/lab/drop).
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { DropEpoch } from '@/lib/protocol/lab-drop-epoch.ts';
import styles from './lab.module.css';

export function DropButton({ labId, dropEpoch }: { labId: string; dropEpoch: DropEpoch }) {
  const t = useTranslations('lab');
  const [drops, setDrops] = useState(0);
  const [error, setError] = useState<number>();
  async function drop(): Promise<void> {
    const next = dropEpoch.next;
    const response = await fetch('/api/lab/drop', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lab: labId, epoch: next }) });
    if (response.ok) {
      dropEpoch.acknowledge(next);
      setDrops((n) => n + 1);
      setError(undefined);
    } else setError(response.status);
  }
  return (
    <div className={styles.drop}>
      <button type="button" className={styles.dropButton} onClick={() => void drop()} data-testid="drop-button">
        {t('drop')}
      </button>
      <span className="muted" data-testid="drop-count">
        {error !== undefined ? t('dropRefused', { status: error }) : drops === 0 ? t('dropHint') : t('dropped', { count: drops })}
      </span>
    </div>
  );
}
