'use client';
// The footer's per-hop latency of the book: "feed→gw 1.2/4.0 · gw 0.3/1.1 · net 0.4/2.0 · render 3.1/8.0 ms"
// (p50/p99 of the recent deltas), with a tooltip saying what each hop is and how the clocks were handled.
import type { BookHops } from '@/components/market-data/use-book-hops.ts';
import { BOOK_HOPS } from '@/lib/client/book-timing.ts';
import type { ClockOffsetEstimate } from '@/lib/client/clock-offset.ts';

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : value.toFixed(0));

/** How the network hop was corrected, in words, after `subject` (the hop's name). */
export function clockNote(clock: ClockOffsetEstimate | undefined, subject = 'net:'): string {
  if (!clock) return `${subject} no ping answered yet, so no clock correction`;
  if (!clock.isApplied) return `${subject} the gateway's clock and this page's agree within ±${ms(clock.uncertaintyMs)} ms (from the ping), so no correction`;
  const sign = clock.offsetMs >= 0 ? '+' : '−';
  return `${subject} corrected by the gateway's clock offset ${sign}${ms(Math.abs(clock.offsetMs))} ms ±${ms(clock.uncertaintyMs)} ms, estimated from the ping's round trip`;
}

export function HopFigures({ hops }: { hops: BookHops | undefined }) {
  const { summary, clock } = hops ?? { summary: undefined, clock: undefined };
  const count = summary?.count ?? 0;
  const title = [
    `Where a book delta's milliseconds go, p50/p99 over the last ${count} deltas:`,
    ...BOOK_HOPS.map((hop) => `• ${hop.title}`),
    clockNote(clock),
  ].join('\n');
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
