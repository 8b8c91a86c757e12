// Builds standard books for engine tests: an OrderBook to match against, and a sequenced book that
// produces the snapshot and deltas the feed would publish for it.
import type { BookDelta, BookSnapshot, WireLevel } from '../../lib/market/book-messages.ts';
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { OrderBook, type Level } from '../../lib/market/order-book.ts';
import { SequencedBook } from '../../lib/market/sequenced-book.ts';

/** A listed instrument, or a thrown error naming the symbol. */
export function instrument(symbol: string): Instrument {
  return ensureDefined(getInstrument(symbol), `instrument ${symbol}`);
}

/** An integer book from wire levels (bids and asks in any order). */
export function orderBook(symbol: string, bids: WireLevel[], asks: WireLevel[]): OrderBook {
  const inst = instrument(symbol);
  const book = new OrderBook();
  const units = ([price, size]: WireLevel): Level => [
    ensureDefined(priceToTicks(price, inst) ?? undefined, `price ${price}`),
    ensureDefined(sizeToLots(size, inst) ?? undefined, `size ${size}`),
  ];
  for (const level of bids) book.apply('bid', ...units(level));
  for (const level of asks) book.apply('ask', ...units(level));
  return book;
}

/** A feed-side book: a snapshot at seq 1, then a delta per change, each with its checksum. */
export class SyntheticBook {
  private readonly book: SequencedBook;

  constructor(symbol: string, bids: WireLevel[], asks: WireLevel[]) {
    this.book = new SequencedBook(instrument(symbol));
    this.book.apply({ type: 'snapshot', symbol, ts: Date.now(), bids, asks });
  }

  /** The whole book at the current sequence, as stored under the snapshot key. */
  snapshot(): BookSnapshot {
    return this.book.snapshot(Date.now());
  }

  /** Applies absolute level changes ("0" removes) and returns the delta to publish. */
  change(bids: WireLevel[], asks: WireLevel[]): BookDelta {
    const result = this.book.apply({ type: 'levels', symbol: this.book.instrument.symbol, ts: Date.now(), bids, asks });
    if (!result.ok) throw new Error(`synthetic book refused the change: ${result.error.message}`);
    return ensureDefined(result.delta ?? undefined, 'a delta (the change changed nothing)');
  }
}
