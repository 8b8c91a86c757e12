// Where a delta's milliseconds go, per transport: one stacked bar each, its segments the medians of
// the hops (feed → gateway or web node, that node, the network, the page's render), all bars on one
// scale so they compare; p50/p99 of every hop in each segment's tooltip.
import { useTranslations } from 'next-intl';
import type { HopInfo } from '@/lib/client/book-timing.ts';
import type { HopSummary } from '@/lib/client/hop-ring.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import styles from './hop-bars.module.css';

/** One bar: a transport and its hop summary. */
export interface HopBarRow {
  key: string;
  name: string;
  summary: HopSummary;
}

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const totalOf = (summary: HopSummary): number => summary.hops.reduce((sum, hop) => sum + (hop?.p50 ?? 0), 0);

/** `of`: what the samples are, for the tooltips and the waiting line (a book's deltas, the index's updates). */
export function HopBars({ rows, hops, of = 'deltas' }: { rows: readonly HopBarRow[]; hops: readonly HopInfo[]; of?: 'deltas' | 'updates' }) {
  const t = useTranslations('lab');
  const say = useUiText();
  const scale = Math.max(1, ...rows.map((row) => totalOf(row.summary)));
  return (
    <>
      <div className={styles.rows}>
        {rows.map((row) => {
          const total = totalOf(row.summary);
          return (
            <div key={row.key} className={styles.row} data-testid={`hop-bar-${row.key}`} data-samples={row.summary.count}>
              <span className={styles.name}>{row.name}</span>
              {row.summary.count === 0 ? (
                <span className={styles.waiting}>{t(of === 'deltas' ? 'waitingTimed' : 'waitingTimedUpdates')}</span>
              ) : (
                <div className={styles.track} role="img" aria-label={`${row.name}: ${hops.map((hop, i) => `${hop.label} ${ms(row.summary.hops[i]?.p50 ?? 0)} ms`).join(', ')}`}>
                  {hops.map((hop, i) => {
                    const p = row.summary.hops[i];
                    if (!p) return null;
                    return (
                      <span
                        key={hop.key}
                        className={`${styles.segment} ${styles[hop.key]}`}
                        style={{ width: `${(p.p50 / scale) * 100}%` }}
                        title={t(of === 'deltas' ? 'hopTitle' : 'hopTitleUpdates', { hop: hop.label, p50: ms(p.p50), p99: ms(p.p99), count: row.summary.count })}
                        data-hop={hop.key}
                      />
                    );
                  })}
                </div>
              )}
              <span className={`num ${styles.total}`}>{row.summary.count === 0 ? '—' : `${ms(total)} ms`}</span>
            </div>
          );
        })}
      </div>
      <ul className={styles.legend}>
        {hops.map((hop) => (
          <li key={hop.key} title={say(hop.title)}>
            <span className={`${styles.swatch} ${styles[hop.key]}`} aria-hidden="true" />
            {hop.label}
          </li>
        ))}
      </ul>
    </>
  );
}
