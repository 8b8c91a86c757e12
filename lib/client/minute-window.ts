// The last day of one symbol's 1m candles in the browser: stored history joined with live candles, so
// the headline's 24 h figures fold the same candles the server does (lib/market/rolling-stats.ts) and
// follow every trade of the current minute.
import { rollingStats, windowStart, type MinuteCandle, type Stats24h } from '../market/rolling-stats.ts';

const DECIMAL = /^\d+(\.\d+)?$/;

/** A 1m candle as received (REST or socket); untrusted until checked. */
export interface IncomingMinute extends MinuteCandle {
  isClosed: boolean;
}

function isValid(candle: IncomingMinute): boolean {
  return (
    Number.isSafeInteger(candle.openTime) &&
    [candle.open, candle.high, candle.low, candle.close, candle.volume].every((v) => typeof v === 'string' && DECIMAL.test(v))
  );
}

/** One candle per minute; a closed candle is final, so a late open update of the same minute never undoes it. */
export class MinuteWindow {
  private readonly byMinute = new Map<number, IncomingMinute>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Adds or replaces a minute; false when the candle is malformed or older news than what is kept. */
  add(candle: IncomingMinute): boolean {
    if (!isValid(candle)) return false;
    const known = this.byMinute.get(candle.openTime);
    if (known?.isClosed && !candle.isClosed) return false;
    this.byMinute.set(candle.openTime, { ...candle });
    return true;
  }

  /** Forgets minutes that have left the window at `now`. */
  prune(now: number): void {
    const start = windowStart(now);
    for (const minute of this.byMinute.keys()) if (minute < start) this.byMinute.delete(minute);
  }

  clear(): void {
    this.byMinute.clear();
  }

  /** The 24 h figures at `now` (the clock's time by default); null when no candle is in the window. */
  stats(now: number = this.clock()): Stats24h | null {
    this.prune(now);
    return rollingStats([...this.byMinute.values()], now);
  }
}
