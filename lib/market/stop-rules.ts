// When a stop order triggers and how far its market order may go: pure rules on whole ticks.
import { asTicks, type Ticks } from './units.ts';

/** Whether a trade at `lastTicks` triggers a stop: at or above the stop for a buy, at or below it for a sell. */
export function stopReached(side: 'buy' | 'sell', stopTicks: Ticks, lastTicks: Ticks): boolean {
  return side === 'buy' ? lastTicks >= stopTicks : lastTicks <= stopTicks;
}

/**
 * The worst price a triggered stop-market may fill at: the stop moved by the price band against the
 * order (up for a buy, down for a sell), rounded inside the band. Stored as the order's price, it
 * bounds what the order can cost, so it reserves cash like a limit order while it waits.
 */
export function protectionTicks(side: 'buy' | 'sell', stopTicks: Ticks, bandBps: number): Ticks {
  const moved = side === 'buy' ? Math.floor((stopTicks * (10_000 + bandBps)) / 10_000) : Math.ceil((stopTicks * (10_000 - bandBps)) / 10_000);
  return asTicks(Math.max(1, moved));
}
