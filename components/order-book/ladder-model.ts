// Turns a book view into the ladder's rows: grouped, formatted, with size and cumulative-depth fractions.
import type { BookView } from '@/lib/client/book-feed.ts';
import { groupThousands, trimSize } from '@/lib/client/format.ts';
import { groupLevels, type LadderRow } from '@/lib/client/group-levels.ts';
import { lotsToSize, ticksToPrice } from '@/lib/market/decimal.ts';
import type { Instrument } from '@/lib/market/instruments.ts';
import { asTicks, type Ticks } from '@/lib/market/units.ts';

/** One row as drawn. `price` is the exact decimal (for the order form), `priceText` the display. */
export interface LadderLine {
  price: string;
  priceText: string;
  sizeText: string;
  totalText: string;
  /** Size and running total relative to the largest shown, 0..1, for the bars. */
  sizeFraction: number;
  depthFraction: number;
}

export interface LadderModel {
  asks: LadderLine[];
  bids: LadderLine[];
  bestBid: string | undefined;
  bestAsk: string | undefined;
  spreadText: string | undefined;
}

/** Builds the ladder for `rows` rows a side at a grouping of `groupTicks` ticks. */
export function ladderModel(view: BookView, inst: Instrument, groupTicks: number, rows: number): LadderModel {
  const askRows = groupLevels(view.asks, 'ask', groupTicks, rows);
  const bidRows = groupLevels(view.bids, 'bid', groupTicks, rows);
  const maxLots = Math.max(1, ...askRows.map((r) => r.lots), ...bidRows.map((r) => r.lots));
  const maxCum = Math.max(1, askRows[askRows.length - 1]?.cumLots ?? 0, bidRows[bidRows.length - 1]?.cumLots ?? 0);
  const line = (row: LadderRow): LadderLine => {
    const price = ticksToPrice(row.priceTicks, inst);
    return {
      price,
      priceText: groupThousands(price),
      sizeText: trimSize(lotsToSize(row.lots, inst)),
      totalText: trimSize(lotsToSize(row.cumLots, inst)),
      sizeFraction: row.lots / maxLots,
      depthFraction: row.cumLots / maxCum,
    };
  };
  const bid = view.bids[0]?.[0];
  const ask = view.asks[0]?.[0];
  return {
    asks: askRows.map(line),
    bids: bidRows.map(line),
    bestBid: bid === undefined ? undefined : ticksToPrice(bid, inst),
    bestAsk: ask === undefined ? undefined : ticksToPrice(ask, inst),
    spreadText: bid === undefined || ask === undefined ? undefined : spreadOf(bid, ask, inst),
  };
}

function spreadOf(bidTicks: Ticks, askTicks: Ticks, inst: Instrument): string {
  const spreadTicks = askTicks - bidTicks;
  const mid = (askTicks + bidTicks) / 2;
  const pct = mid > 0 ? (spreadTicks / mid) * 100 : 0;
  const spread = `${spreadTicks < 0 ? '-' : ''}${ticksToPrice(asTicks(Math.abs(spreadTicks)), inst)}`;
  return `${spread} (${pct.toFixed(3)}%)`;
}
