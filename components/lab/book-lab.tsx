'use client';
// The lab's Book tab: the same BTC-USD book (depth 10) over the three codecs that carry books, each copy
// rebuilt and checksum-verified in this page, and whether the three agree. Mounted only while shown.
import { BOOK_HOP_SAMPLES, BOOK_HOPS } from '@/lib/client/book-timing.ts';
import { bookStep, type BookStats } from '@/lib/client/lab/book-stats.ts';
import { BookCard, BOOK_TRANSPORT_INFO } from './book-card.tsx';
import { clockNote } from '@/components/status/hop-figures.tsx';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { HopBars } from './hop-bars.tsx';
import { useLabBooks } from './use-lab-books.ts';
import styles from './lab.module.css';

function StepIndicator({ all }: { all: readonly BookStats[] }) {
  const { inStep, seqSpread } = bookStep(all);
  const text = inStep ? 'in step: same seq, checksum and best bid/ask on all three' : seqSpread === undefined ? 'waiting for all three books' : `catching up: seqs ${seqSpread} apart`;
  return (
    <p className={styles.step} data-testid="book-in-step" data-in-step={inStep} role="status">
      <span className={styles.stepDot} aria-hidden="true" />
      {text}
    </p>
  );
}

export function BookLab({ gatewayUrl }: { gatewayUrl: string | undefined }) {
  const say = useUiText();
  const { all, hops } = useLabBooks(gatewayUrl);
  const rows = all.map((s) => ({ key: s.name, name: BOOK_TRANSPORT_INFO[s.name].title, summary: hops.recorders[s.name].timing.summary() }));
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
          Where a delta&apos;s milliseconds go · median per hop over the last {BOOK_HOP_SAMPLES} deltas
        </h2>
        <HopBars rows={rows} hops={BOOK_HOPS} />
        <p className={`muted ${styles.note}`} data-testid="hop-clock-note">
          Each subscription asks for hop times (<code>timing</code>): every live delta carries <code>hops</code> [feed ts, gateway read, gateway
          sent], about 55 bytes of each card&apos;s bytes/update. Render here is the next animation frame after the delta was applied. {say(clockNote(hops.clock.estimate(), 'Network hop:'))}.
        </p>
      </section>
      <p className={`muted ${styles.note}`} data-testid="book-why-sockets">
        No polling or SSE here: Tickwire serves books only on its sockets, where one ordered connection carries the snapshot, a gap-free stream of
        small deltas and the trader&apos;s orders back the other way.
      </p>
      <p className={`muted ${styles.note}`}>
        Bytes and frames as on the index cards (per WebSocket message + frame header; Socket.IO per Engine.IO packet, polls with estimated headers),
        snapshots included, over deltas applied. A gap or a checksum this page cannot reproduce makes it subscribe again for a snapshot: a resync.
      </p>
    </>
  );
}
