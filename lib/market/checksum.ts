// The Kraken WebSocket v2 book checksum, so any consumer can prove its book equals the feed's.
// Spec: https://docs.kraken.com/api/docs/guides/spot-ws-book-v2 (top 10 asks low→high, then
// top 10 bids high→low; each price then qty with '.' removed and leading zeros stripped; CRC32).
import { crc32 } from './crc32.ts';
import { lotUnits, tickUnits } from './decimal.ts';
import type { Instrument } from './instruments.ts';
import type { OrderBook } from './order-book.ts';
import type { PriceLadder } from './price-ladder.ts';

/** How many levels per side the checksum covers. */
export const CHECKSUM_DEPTH = 10;

/** One level's checksum token: a decimal string with '.' removed and leading zeros stripped. */
export function checksumToken(decimal: string): string {
  return decimal.replace('.', '').replace(/^0+/, '');
}

/** Checksum of wire levels already sorted best-first (only the first 10 of each side count). */
export function checksumOfLevels(
  asks: readonly (readonly [string, string])[],
  bids: readonly (readonly [string, string])[],
): number {
  let text = '';
  for (const [price, qty] of asks.slice(0, CHECKSUM_DEPTH)) text += checksumToken(price) + checksumToken(qty);
  for (const [price, qty] of bids.slice(0, CHECKSUM_DEPTH)) text += checksumToken(price) + checksumToken(qty);
  return crc32(text);
}

/** Checksum of an integer book, equal to checksumOfLevels of its wire strings but without formatting them. */
export function checksumOfBook(book: OrderBook, inst: Instrument): number {
  const priceStep = tickUnits(inst);
  const sizeStep = lotUnits(inst);
  return crc32(ladderText(book.asks, priceStep, sizeStep) + ladderText(book.bids, priceStep, sizeStep));
}

// A decimal string at fixed precision with the point and leading zeros removed is exactly the
// integer unit count in base 10, so String(units) is the token (levels are always positive).
function ladderText(ladder: PriceLadder, priceStep: number, sizeStep: number): string {
  let text = '';
  const count = Math.min(CHECKSUM_DEPTH, ladder.depth);
  for (let i = 0; i < count; i++) {
    const price = ladder.priceAt(i);
    if (price === undefined) break;
    text += String(price * priceStep) + String(ladder.lotsAt(price) * sizeStep);
  }
  return text;
}
