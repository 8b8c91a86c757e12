'use client';
// The running system as this page sees it: which processes, which broker and database, and which web
// and gateway node this browser is connected to (from GET /api/system and the socket's hello).
// /api/system is an operators' endpoint: a deployment that keeps it internal answers 404 (or 403),
// and the diagram then says so and shows what the page knows by itself.
import { useEffect, useState } from 'react';
import type { LeaderView, SystemView } from '@/lib/protocol/system-view.ts';
import styles from './lab.module.css';

function Box({ title, detail, isMine = false, testId }: { title: string; detail?: string; isMine?: boolean; testId?: string }) {
  return (
    <div className={styles.box} data-mine={isMine} data-testid={testId}>
      <b>{title}</b>
      {detail && <span className="num">{detail}</span>}
    </div>
  );
}

// Often enough to watch a takeover happen (a lease lasts 3 s by default).
const REFRESH_MS = 2000;

// The leader of an active/standby role, as its box's detail.
function leaderDetail(leader: LeaderView | null | undefined): string {
  if (leader === undefined) return '…';
  return leader === null ? 'no leader: taking over' : `leader ${leader.node}`;
}

// The broker's box: named by its kind, whichever of them the deployment runs on.
const BROKER_TITLES: Record<SystemView['broker'], string> = {
  memory: 'in-process broker',
  redis: 'Redis',
  'redis-cluster': 'Redis Cluster',
  nats: 'NATS JetStream',
};

// The answers of a deployment that does not show its system view to the public.
const INTERNAL_STATUSES = new Set([403, 404]);

export function SystemDiagram({ gatewayNode }: { gatewayNode: string | undefined }) {
  const [system, setSystem] = useState<SystemView>();
  const [isInternal, setIsInternal] = useState(false);
  useEffect(() => {
    const load = (): void =>
      void fetch('/api/system', { cache: 'no-store' })
        .then((r) => {
          if (INTERNAL_STATUSES.has(r.status)) {
            // It will not change while the page is open: stop asking.
            setIsInternal(true);
            clearInterval(timer);
            return undefined;
          }
          return r.ok ? (r.json() as Promise<SystemView>) : undefined;
        })
        .then((view) => view && setSystem(view))
        .catch(() => undefined);
    const timer = setInterval(load, REFRESH_MS);
    load();
    return () => clearInterval(timer);
  }, []);
  if (isInternal && !system) {
    return (
      <section className={styles.panel} aria-label="The running system">
        <h2 className={styles.panelTitle}>The running system</h2>
        <div className={styles.diagram} data-testid="system-diagram" data-internal="true">
          <Box title="this browser" detail="6 transports" isMine />
          <span className={styles.arrow} aria-hidden="true">⇄</span>
          <div className={styles.tier}>
            <Box title="gateway node (WebSocket)" detail={gatewayNode ?? '…'} isMine />
            <p className="muted" data-testid="system-internal">
              The system view is internal on this deployment: which nodes run and which lead is for its operators.
            </p>
          </div>
        </div>
      </section>
    );
  }
  const feed = leaderDetail(system?.leaders.feed);
  const engine = leaderDetail(system?.leaders.engine);
  const broker = system ? BROKER_TITLES[system.broker] : 'broker';
  const database = system?.database === 'pglite' ? 'PGlite (embedded PostgreSQL)' : 'PostgreSQL';
  return (
    <section className={styles.panel} aria-label="The running system">
      <h2 className={styles.panelTitle}>The running system {system && <span className="muted">· {system.mode}</span>}</h2>
      <div className={styles.diagram} data-testid="system-diagram">
        <Box title="this browser" detail="6 transports" isMine />
        <span className={styles.arrow} aria-hidden="true">⇄</span>
        {system?.mode === 'distributed' ? (
          <div className={styles.tier}>
            <Box title="web node (HTTP, SSE, polling)" detail={system.webNode} isMine testId="web-node" />
            <Box title="gateway node (WebSocket)" detail={gatewayNode ?? '…'} isMine />
            <div className={styles.row}>
              <Box title="feed (active/standby)" detail={feed} testId="feed-leader" />
              <Box title="engine (active/standby)" detail={engine} testId="engine-leader" />
              <Box title={broker} />
              <Box title={database} />
            </div>
          </div>
        ) : (
          <div className={styles.process} data-mine="true">
            <b>one process</b> <span className="num" data-testid="web-node">{system?.webNode ?? '…'}</span>
            <div className={styles.row}>
              <Box title="Next.js web" detail="SSE · polling" isMine />
              <Box title="/ws gateway" detail={gatewayNode ?? '…'} isMine />
              <Box title="feed" detail={feed} testId="feed-leader" />
              <Box title="engine" detail={engine} testId="engine-leader" />
            </div>
            <div className={styles.row}>
              <Box title={broker} />
              <Box title={database} />
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
