// Where a book delta's milliseconds go, as this page sees them: the gateway's hops (feed ts, read from
// the broker, sent; lib/protocol/hops.ts) plus when its frame arrived here and when the render that
// shows it ran. Each delta is one sample of four durations in a bounded ring (hop-ring.ts). The
// network hop compares the gateway's clock with this page's, so it is corrected by the offset the
// pings estimate (clock-offset.ts); the feed→gateway hop compares the feed's clock with the gateway's,
// which a browser cannot correct (docs/transports.md, "Clocks").
import { hopsOf } from '../protocol/hops.ts';
import { HopRing, type HopSummary } from './hop-ring.ts';
import { uiText, type UiText } from './ui-text.ts';

/** One hop as a page names it: its key (which also picks its colour), a short label (the same in every language) and what it spans. */
export interface HopInfo {
  key: 'feed' | 'gateway' | 'network' | 'render';
  label: string;
  title: UiText;
}

/** The four hops in sample order, as the footer and the lab name them. */
export const BOOK_HOPS = [
  { key: 'feed', label: 'feed→gw', title: uiText('hops.hop.feed') },
  { key: 'gateway', label: 'gw', title: uiText('hops.hop.gateway') },
  { key: 'network', label: 'net', title: uiText('hops.hop.network') },
  { key: 'render', label: 'render', title: uiText('hops.hop.render') },
] as const satisfies readonly HopInfo[];

/** Samples kept: the last 500 deltas, a few seconds of a busy book, minutes of a calm one. */
export const BOOK_HOP_SAMPLES = 500;
/** Deltas waiting for a render; a page that draws nothing for this long is not measuring rendering. */
const MAX_PENDING = 256;

/** A delta noted on arrival: its three server stamps and when its frame arrived here, ms since the epoch. */
export interface PendingDelta {
  feed: number;
  read: number;
  sent: number;
  received: number;
}

export interface BookTimingOptions {
  /** Server clock minus page clock, ms (0 when they agree). */
  clockOffsetMs: () => number;
  capacity?: number;
  /** Whether the page is hidden: a hidden page does not render, so its deltas are not sampled. */
  isHidden?: () => boolean;
}

/** One book's hop samples: deltas are noted as they arrive and become samples when a render shows them. */
export class BookTiming {
  private readonly ring: HopRing;
  private pending: PendingDelta[] = [];

  constructor(private readonly options: BookTimingOptions) {
    this.ring = new HopRing(BOOK_HOPS.length, options.capacity ?? BOOK_HOP_SAMPLES);
  }

  /** A delta was applied; `receivedAtMs` is when its frame arrived. Deltas without hops are skipped. */
  onDelta(message: unknown, receivedAtMs: number): void {
    const hops = hopsOf(message);
    if (!hops || this.isHidden()) return;
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push({ feed: hops[0], read: hops[1], sent: hops[2], received: receivedAtMs });
  }

  /** A render showing everything applied so far ran at `renderedAtMs`: the waiting deltas become samples. */
  onRendered(renderedAtMs: number): void {
    if (this.pending.length === 0) return;
    const offsetMs = this.options.clockOffsetMs();
    for (const delta of this.pending) this.ring.add(durationsOf(delta, renderedAtMs, offsetMs));
    this.pending = [];
  }

  /** Forgets waiting deltas (the connection dropped: they will never be shown as they were). */
  dropPending(): void {
    this.pending = [];
  }

  /** p50 and p99 of each hop, in BOOK_HOPS order. */
  summary(): HopSummary {
    return this.ring.summary();
  }

  private isHidden(): boolean {
    return (this.options.isHidden ?? documentIsHidden)();
  }
}

/**
 * The four durations of one delta, ms. `offsetMs` (server minus page) moves the gateway's send time
 * onto this page's clock; no duration is negative (a clock that disagrees by less than the stamps'
 * resolution would otherwise show as time running backwards).
 */
export function durationsOf(delta: PendingDelta, renderedAtMs: number, offsetMs: number): number[] {
  return [delta.read - delta.feed, delta.sent - delta.read, delta.received - (delta.sent - offsetMs), renderedAtMs - delta.received].map((ms) => Math.max(0, ms));
}

function documentIsHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}
