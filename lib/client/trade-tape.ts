// The trade tape: the latest public trades of one symbol, newest first, each validated before it is kept.
import type { TradeMessage } from '../protocol/messages.ts';

/** One trade as the tape shows it; `side` is the aggressor's (a buy lifted an ask). */
export interface TapeTrade {
  id: string;
  price: string;
  size: string;
  side: 'buy' | 'sell';
  ts: number;
}

/** How many trades the tape keeps. */
export const TAPE_LENGTH = 60;

const DECIMAL = /^\d+(\.\d+)?$/;

/** The tape with `trade` added in front; the same tape when the trade is malformed or already shown. */
export function pushTrade(tape: readonly TapeTrade[], trade: TradeMessage, max = TAPE_LENGTH): readonly TapeTrade[] {
  if (!isValid(trade) || tape.some((t) => t.id === trade.id)) return tape;
  const entry: TapeTrade = { id: trade.id, price: trade.price, size: trade.size, side: trade.side, ts: trade.ts };
  return [entry, ...tape.slice(0, max - 1)];
}

function isValid(trade: TradeMessage): boolean {
  return (
    typeof trade.id === 'string' &&
    typeof trade.price === 'string' &&
    DECIMAL.test(trade.price) &&
    typeof trade.size === 'string' &&
    DECIMAL.test(trade.size) &&
    (trade.side === 'buy' || trade.side === 'sell') &&
    Number.isFinite(trade.ts)
  );
}
