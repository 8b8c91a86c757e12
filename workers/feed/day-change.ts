// Tracks one instrument's price 24 hours ago from minute closes, for the "24h change" of quotes.
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** A ring of the last day's minute closes. */
export class DayChange {
  private readonly closes: { minute: number; price: number }[] = [];

  /** Records a price at a time; keeps the first price seen in each minute. */
  record(ts: number, price: number): void {
    const minute = Math.floor(ts / MINUTE_MS);
    const last = this.closes.at(-1);
    if (last && last.minute >= minute) return;
    this.closes.push({ minute, price });
    const oldest = minute - DAY_MINUTES;
    while ((this.closes[0]?.minute ?? minute) < oldest) this.closes.shift();
  }

  /** Percent change from the oldest price kept (up to a day ago) to `price`; 0 when unknown. */
  changePct(price: number): number {
    const first = this.closes[0];
    if (!first || first.price === 0) return 0;
    return ((price - first.price) / first.price) * 100;
  }
}
