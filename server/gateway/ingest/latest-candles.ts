// The newest candles of one candles channel, as this node forwarded them: the closed candles of the
// last few buckets and the open one. A (re)subscriber gets them first, so the bars that changed or
// closed while it was away are current at once instead of waiting for the next trade (an open bar
// is only published when it changes; a closed one only once, and 1s candles are never stored).

/** Closed candles kept per channel: a minute of 1s bars, an hour of 1m bars. */
export const CLOSED_CANDLES_KEPT = 60;

interface KeptCandle {
  openTime: number;
  payload: string;
}

/** The newest candles of one channel, each kept as the payload forwarded (sent again as it is). */
export class LatestCandles {
  /** Ascending by open time, one per bucket, at most CLOSED_CANDLES_KEPT. */
  private closed: KeptCandle[] = [];
  private open: KeptCandle | undefined;

  constructor(private readonly keep = CLOSED_CANDLES_KEPT) {}

  /** Takes note of a forwarded candle message; anything without an open time and closed flag is ignored. */
  observe(payload: string): void {
    const candle = readCandle(payload);
    if (candle === undefined) return;
    const kept = { openTime: candle.openTime, payload };
    if (candle.isClosed) return this.addClosed(kept);
    // A bucket already closed (or an older one) is final: a late open update of it is not the open bar.
    const lastClosed = this.closed.at(-1);
    if (lastClosed !== undefined && candle.openTime <= lastClosed.openTime) return;
    if (this.open !== undefined && candle.openTime < this.open.openTime) return;
    this.open = kept;
  }

  /**
   * What a subscriber gets first, oldest first: the closed candles kept from `fromOpenTime` on (the
   * client's newest bar, which may have changed or closed since), or without it the newest closed one;
   * then the open one.
   */
  replay(fromOpenTime?: number): string[] {
    const closed = fromOpenTime === undefined ? this.closed.slice(-1) : this.closed.filter((candle) => candle.openTime >= fromOpenTime);
    return [...closed, ...(this.open === undefined ? [] : [this.open])].map((candle) => candle.payload);
  }

  private addClosed(kept: KeptCandle): void {
    if (this.open !== undefined && this.open.openTime <= kept.openTime) this.open = undefined;
    const at = this.closed.findIndex((candle) => candle.openTime >= kept.openTime);
    if (at === -1) this.closed.push(kept);
    else if (this.closed[at]?.openTime === kept.openTime) this.closed[at] = kept;
    else this.closed.splice(at, 0, kept);
    if (this.closed.length > this.keep) this.closed.shift();
  }
}

function readCandle(payload: string): { openTime: number; isClosed: boolean } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { openTime, isClosed } = value as Record<string, unknown>;
  if (typeof openTime !== 'number' || !Number.isFinite(openTime) || typeof isClosed !== 'boolean') return undefined;
  return { openTime, isClosed };
}
