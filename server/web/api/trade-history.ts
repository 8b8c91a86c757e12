// Recent public trades for the tape, read from the feed's bounded trades stream: validated query in,
// wire trades out (each with its id, the same a WebSocket `trades` subscription resumes after).
import { z } from 'zod';
import type { Broker } from '../../../lib/broker/broker.ts';
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { tradesStream } from '../../../lib/protocol/channels.ts';
import type { TradeMessage } from '../../../lib/protocol/messages.ts';
import { TRADES_KEPT, tradePayload } from '../../../lib/protocol/trade-entry.ts';

/** The most trades one request returns: what the feed keeps. */
export const MAX_TRADES = TRADES_KEPT;
const LIMIT = `must be 1 to ${MAX_TRADES}`;

/** `?symbol=&limit=` — the newest `limit` trades (default 100). */
export const tradeQuerySchema = z.object({
  symbol: z.string().refine(isKnownSymbol, 'unknown symbol'),
  limit: z.coerce.number({ message: LIMIT }).int(LIMIT).min(1, LIMIT).max(MAX_TRADES, LIMIT).default(100),
});
export type TradeQuery = z.infer<typeof tradeQuerySchema>;

/** The newest trades, oldest first; entries that are not trades are left out. */
export async function readTrades(broker: Broker, query: TradeQuery): Promise<TradeMessage[]> {
  const entries = await broker.readLatest(tradesStream(query.symbol), query.limit);
  const trades: TradeMessage[] = [];
  for (const entry of entries) {
    const trade = parseTrade(tradePayload(entry));
    if (trade?.symbol === query.symbol) trades.push(trade);
  }
  return trades;
}

function parseTrade(payload: string): TradeMessage | undefined {
  try {
    return JSON.parse(payload) as TradeMessage;
  } catch {
    return undefined;
  }
}
