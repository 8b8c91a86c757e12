'use client';
// The running system as this page sees it: which processes, which broker and database, and which web
// and gateway node this browser is connected to (from GET /api/system and the socket's hello).
// /api/system is an operators' endpoint: a deployment that keeps it internal answers 404 (or 403),
// and the diagram then says so and shows what the page knows by itself.
import { useTranslations } from 'next-intl';
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


// The answers of a deployment that does not show its system view to the public.
const INTERNAL_STATUSES = new Set([403, 404]);

export function SystemDiagram({ gatewayNode }: { gatewayNode: string | undefined }) {
  const t = useTranslations('lab');
  // The leader of an active/standby role, as its box's detail.
  const leaderDetail = (leader: LeaderView | null | undefined): string => (leader === undefined ? '…' : leader === null ? t('noLeader') : t('leader', { node: leader.node }));
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
      <section className={styles.panel} aria-label={t('system')}>
        <h2 className={styles.panelTitle}>{t('system')}</h2>
        <div className={styles.diagram} data-testid="system-diagram" data-internal="true">
          <Box title={t('thisBrowser')} detail={t('sixTransports')} isMine />
          <span className={styles.arrow} aria-hidden="true">⇄</span>
          <div className={styles.tier}>
            <Box title={t('gatewayNode')} detail={gatewayNode ?? '…'} isMine />
            <p className="muted" data-testid="system-internal">
              {t('internal')}
            </p>
          </div>
        </div>
      </section>
    );
  }
  const feed = leaderDetail(system?.leaders.feed);
  const engine = leaderDetail(system?.leaders.engine);
  const broker = t(`broker.${system?.broker ?? 'unknown'}`);
  const database = system?.database === 'pglite' ? t('pglite') : 'PostgreSQL';
  return (
    <section className={styles.panel} aria-label={t('system')}>
      <h2 className={styles.panelTitle}>
        {t('system')} {system && <span className="muted">· {t(`mode.${system.mode}`)}</span>}
      </h2>
      <div className={styles.diagram} data-testid="system-diagram">
        <Box title={t('thisBrowser')} detail={t('sixTransports')} isMine />
        <span className={styles.arrow} aria-hidden="true">⇄</span>
        {system?.mode === 'distributed' ? (
          <div className={styles.tier}>
            <Box title={t('webNode')} detail={system.webNode} isMine testId="web-node" />
            <Box title={t('gatewayNode')} detail={gatewayNode ?? '…'} isMine />
            <div className={styles.row}>
              <Box title={t('feedStandby')} detail={feed} testId="feed-leader" />
              <Box title={t('engineStandby')} detail={engine} testId="engine-leader" />
              <Box title={broker} />
              <Box title={database} />
            </div>
          </div>
        ) : (
          <div className={styles.process} data-mine="true">
            <b>{t('oneProcess')}</b> <span className="num" data-testid="web-node">{system?.webNode ?? '…'}</span>
            <div className={styles.row}>
              <Box title={t('nextWeb')} detail={t('ssePolling')} isMine />
              <Box title={t('wsGateway')} detail={gatewayNode ?? '…'} isMine />
              <Box title={t('feed')} detail={feed} testId="feed-leader" />
              <Box title={t('engine')} detail={engine} testId="engine-leader" />
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
