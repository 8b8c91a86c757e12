'use client';
// The footer's per-hop latency of the book: "feed→gw 1.2/4.0 · gw 0.3/1.1 · net 0.4/2.0 · render 3.1/8.0 ms"
// (p50/p99 of the recent deltas), with a tooltip saying what each hop is and how the clocks were handled.
import { useTranslations } from 'next-intl';
import type { BookHops } from '@/components/market-data/use-book-hops.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { BOOK_HOPS } from '@/lib/client/book-timing.ts';
import type { ClockOffsetEstimate } from '@/lib/client/clock-offset.ts';
import { uiText, type UiText } from '@/lib/client/ui-text.ts';

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));

/** How the network hop was corrected, in words, after `subject` (the hop's name). */
export function clockNote(clock: ClockOffsetEstimate | undefined, subject: UiText | string = uiText('hops.netSubject')): UiText {
  if (!clock) return uiText('hops.clock.none', { subject });
  if (!clock.isApplied) return uiText('hops.clock.agree', { subject, uncertainty: ms(clock.uncertaintyMs) });
  const sign = clock.offsetMs >= 0 ? '+' : '−';
  return uiText('hops.clock.corrected', { subject, offset: `${sign}${ms(Math.abs(clock.offsetMs))}`, uncertainty: ms(clock.uncertaintyMs) });
}

export function HopFigures({ hops }: { hops: BookHops | undefined }) {
  const t = useTranslations('hops');
  const say = useUiText();
  const { summary, clock } = hops ?? { summary: undefined, clock: undefined };
  const count = summary?.count ?? 0;
  const title = [t('title', { count }), ...BOOK_HOPS.map((hop) => `• ${say(hop.title)}`), say(clockNote(clock))].join('\n');
  const figures = BOOK_HOPS.map((hop, i) => {
    const p = summary?.hops[i];
    return (
      <span key={hop.key} data-hop={hop.key}>
        {i > 0 && ' · '}
        {hop.label} <span className="num">{p ? `${ms(p.p50)}/${ms(p.p99)}` : '—'}</span>
      </span>
    );
  });
  return (
    <span data-testid="book-hops" data-samples={count} data-clock-applied={clock?.isApplied ?? false} title={title}>
      {figures} ms
    </span>
  );
}
