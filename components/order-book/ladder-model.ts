// Turns a book view into the ladder's rows: grouped, formatted, with size and cumulative-depth fractions,
// and the user's own resting orders marked on the rows they belong to.
import type { BookView } from '@/lib/client/book-feed.ts';
import { groupThousands, trimSize } from '@/lib/client/format.ts';
import { groupDecimals, groupLevels, priceAtDecimals, type LadderRow } from '@/lib/client/group-levels.ts';
import { ownOrderMarks, type OwnOrder, type OwnRowMark } from '@/lib/client/own-order-rows.ts';
import { spreadText } from '@/lib/client/spread.ts';
import { uiText, type UiText } from '@/lib/client/ui-text.ts';
import { lotsToSize, ticksToPrice } from '@/lib/market/decimal.ts';
import type { Instrument } from '@/lib/market/instruments.ts';

/** The user's orders on one row, as drawn. */
export interface OwnMarkLine {
  /** Their unfilled size, exact; `chipText` is the same, compact for the row (up to 4 decimals). */
  sizeText: string;
  chipText: string;
  /** "Your buy 0.01 @ 64,990.0", or every order when the row holds several. */
  label: UiText;
}

/** One row as drawn. `price` is the exact decimal (for the order form), `priceText` the display. */
export interface LadderLine {
  price: string;
  priceText: string;
  sizeText: string;
  totalText: string;
  /** Size and running total relative to the largest shown, 0..1, for the bars. */
  sizeFraction: number;
  depthFraction: number;
  own: OwnMarkLine | undefined;
}

export interface LadderModel {
  asks: LadderLine[];
  bids: LadderLine[];
  /** Exact best prices (ungrouped: the spread is the market's, whatever the grouping). */
  bestBid: string | undefined;
  bestAsk: string | undefined;
  bestBidText: string | undefined;
  bestAskText: string | undefined;
  spreadText: string | undefined;
}

/** Builds the ladder for `rows` rows a side at a grouping of `groupTicks` ticks. */
export function ladderModel(view: BookView, inst: Instrument, groupTicks: number, rows: number, own: readonly OwnOrder[] = []): LadderModel {
  const askRows = groupLevels(view.asks, 'ask', groupTicks, rows);
  const bidRows = groupLevels(view.bids, 'bid', groupTicks, rows);
  const maxLots = Math.max(1, ...askRows.map((r) => r.lots), ...bidRows.map((r) => r.lots));
  const maxCum = Math.max(1, askRows[askRows.length - 1]?.cumLots ?? 0, bidRows[bidRows.length - 1]?.cumLots ?? 0);
  const decimals = groupDecimals(groupTicks, inst);
  const line = (row: LadderRow, mark: OwnRowMark | undefined): LadderLine => {
    const price = ticksToPrice(row.priceTicks, inst);
    return {
      price,
      priceText: groupThousands(priceAtDecimals(price, decimals)),
      sizeText: trimSize(lotsToSize(row.lots, inst)),
      totalText: trimSize(lotsToSize(row.cumLots, inst)),
      sizeFraction: row.lots / maxLots,
      depthFraction: row.cumLots / maxCum,
      own: mark && ownMarkLine(mark, inst),
    };
  };
  const askMarks = ownOrderMarks(askRows.map((r) => r.priceTicks), 'ask', own);
  const bidMarks = ownOrderMarks(bidRows.map((r) => r.priceTicks), 'bid', own);
  const bid = view.bids[0]?.[0];
  const ask = view.asks[0]?.[0];
  const bestBid = bid === undefined ? undefined : ticksToPrice(bid, inst);
  const bestAsk = ask === undefined ? undefined : ticksToPrice(ask, inst);
  return {
    asks: askRows.map((row, i) => line(row, askMarks[i])),
    bids: bidRows.map((row, i) => line(row, bidMarks[i])),
    bestBid,
    bestAsk,
    bestBidText: bestBid && groupThousands(bestBid),
    bestAskText: bestAsk && groupThousands(bestAsk),
    spreadText: bid === undefined || ask === undefined ? undefined : spreadText(bid, ask, inst),
  };
}

function ownMarkLine(mark: OwnRowMark, inst: Instrument): OwnMarkLine {
  const size = (order: OwnOrder): string => trimSize(lotsToSize(order.lots, inst), inst.sizePrecision);
  const each = mark.orders.map((o) => `${size(o)} @ ${groupThousands(ticksToPrice(o.priceTicks, inst))}`);
  const side = mark.orders[0]?.side === 'ask' ? 'sell' : 'buy';
  const total = lotsToSize(mark.lots, inst);
  return {
    sizeText: trimSize(total, inst.sizePrecision),
    chipText: trimSize(total),
    label: uiText(each.length === 1 ? 'book.ownOne' : 'book.ownMany', { side, orders: each.join(', ') }),
  };
}
