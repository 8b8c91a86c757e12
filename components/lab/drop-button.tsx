'use client';
// Asks every node to drop this page's SSE, long-poll and WebSocket connections (POST /api/lab/drop).
import { useState } from 'react';
import type { DropEpoch } from '@/lib/protocol/lab-drop-epoch.ts';
import styles from './lab.module.css';

export function DropButton({ labId, dropEpoch }: { labId: string; dropEpoch: DropEpoch }) {
  const [drops, setDrops] = useState(0);
  const [error, setError] = useState<string>();
  async function drop(): Promise<void> {
    const next = dropEpoch.next;
    const response = await fetch('/api/lab/drop', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lab: labId, epoch: next }) });
    if (response.ok) {
      dropEpoch.acknowledge(next);
      setDrops((n) => n + 1);
      setError(undefined);
    } else setError(`drop refused: HTTP ${response.status}`);
  }
  return (
    <div className={styles.drop}>
      <button type="button" className={styles.dropButton} onClick={() => void drop()} data-testid="drop-button">
        Drop my connections
      </button>
      <span className="muted" data-testid="drop-count">
        {error ?? (drops === 0 ? 'the server ends this page’s streams; watch each one recover' : `dropped ${drops}×`)}
      </span>
    </div>
  );
}
