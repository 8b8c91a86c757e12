'use client';
// The Index tab's hop bars: where an index update's milliseconds go on each pushed transport (SSE from
// the web node, the three socket codecs from a gateway), each asking for hop times, medians per hop.
import { useTranslations } from 'next-intl';
import { clockNote } from '@/components/status/hop-figures.tsx';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { INDEX_HOPS, type IndexHopTransport, type IndexHops } from '@/lib/client/lab/book-hops.ts';
import { uiText } from '@/lib/client/ui-text.ts';
import { HopBars } from './hop-bars.tsx';
import styles from './lab.module.css';

const TRANSPORTS: readonly IndexHopTransport[] = ['sse', 'ws', 'stomp', 'socketio'];

export function IndexHopPanel({ hops }: { hops: IndexHops }) {
  const t = useTranslations('lab');
  const say = useUiText();
  const rows = TRANSPORTS.map((name) => ({ key: name, name: t(`transport.${name}`), summary: hops.recorders[name].timing.summary() }));
  return (
    <section className={styles.panel} aria-labelledby="index-hops-title" data-testid="index-hop-bars">
      <h2 className={styles.panelTitle} id="index-hops-title">
        {t('indexHops')}
      </h2>
      <HopBars rows={rows} hops={INDEX_HOPS} of="updates" />
      <p className={`muted ${styles.note}`} data-testid="index-hop-clock-note">
        {t.rich('indexHopsNote', { clock: say(clockNote(hops.clock.estimate(), uiText('lab.networkHop'))), code: (chunks) => <code>{chunks}</code> })}
      </p>
    </section>
  );
}
