// A public trade as the feed keeps it in its trades stream: the trade without its id, because the id is
// the stream entry's own (unique and ordered across feed terms on every broker). Readers splice it back in.
import type { TradeMessage } from './messages.ts';

/** How many trades per symbol the feed keeps (approximately; the stream is trimmed like Redis's `MAXLEN ~`). */
export const TRADES_KEPT = 1000;

/** The stream entry's body for a trade: its JSON without `id`. */
export function encodeTradeEntry(trade: Omit<TradeMessage, 'id'>): string {
  const { type, symbol, price, size, side, ts } = trade;
  return JSON.stringify({ type, symbol, price, size, side, ts });
}

/** A trades stream entry as a wire `trade` message: the entry id spliced in after `type`, the body not re-encoded. */
export function tradePayload(entry: { id: string; data: string }): string {
  const body = entry.data.trimStart();
  const prefix = '{"type":"trade",';
  if (!body.startsWith(prefix)) return '';
  return `${prefix}"id":${JSON.stringify(entry.id)},${body.slice(prefix.length)}`;
}
