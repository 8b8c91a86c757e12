'use client';
// The lab's Book tab: the same BTC-USD book (depth 10) over the three codecs that carry books, each copy
// rebuilt and checksum-verified in this page, and whether the three agree. Mounted only while shown.
import { BOOK_HOP_SAMPLES, BOOK_HOPS } from '@/lib/client/book-timing.ts';
import { bookStep, type BookStats } from '@/lib/client/lab/book-stats.ts';
import { useTranslations } from 'next-intl';
import { BookCard, useBookTransportInfo } from './book-card.tsx';
import { clockNote } from '@/components/status/hop-figures.tsx';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { uiText } from '@/lib/client/ui-text.ts';
import { HopBars } from './hop-bars.tsx';
import { useLabBooks } from './use-lab-books.ts';
import styles from './lab.module.css';

function StepIndicator({ all }: { all: readonly BookStats[] }) {
  const t = useTranslations('lab');
  const { inStep, seqSpread } = bookStep(all);
  const text = inStep ? t('inStep') : seqSpread === undefined ? t('waitingBooks') : t('catchingUp', { spread: seqSpread });
  return (
    <p className={styles.step} data-testid="book-in-step" data-in-step={inStep} role="status">
      <span className={styles.stepDot} aria-hidden="true" />
      {text}
    </p>
  );
}

export function BookLab({ gatewayUrl }: { gatewayUrl: string | undefined }) {
  const t = useTranslations('lab');
  const say = useUiText();
  const infoOf = useBookTransportInfo();
  const { all, hops } = useLabBooks(gatewayUrl);
  const rows = all.map((s) => ({ key: s.name, name: infoOf(s.name).title, summary: hops.recorders[s.name].timing.summary() }));
  return (
    <>
      <div className={styles.toolbar}>
        <StepIndicator all={all} />
      </div>
      <div className={styles.bookCards}>
        {all.map((s) => (
          <BookCard key={s.name} stats={s} />
        ))}
      </div>
      <section className={styles.panel} aria-labelledby="hop-bars-title" data-testid="book-hop-bars">
        <h2 className={styles.panelTitle} id="hop-bars-title">
          {t('bookHops', { count: BOOK_HOP_SAMPLES })}
        </h2>
        <HopBars rows={rows} hops={BOOK_HOPS} />
        <p className={`muted ${styles.note}`} data-testid="hop-clock-note">
          {t.rich('bookHopsNote', { clock: say(clockNote(hops.clock.estimate(), uiText('lab.networkHop'))), code: (chunks) => <code>{chunks}</code> })}
        </p>
      </section>
      <p className={`muted ${styles.note}`} data-testid="book-why-sockets">
        {t('whySockets')}
      </p>
      <p className={`muted ${styles.note}`}>
        {t('bookBytesNote')}
      </p>
    </>
  );
}
