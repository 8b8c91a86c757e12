// How far the server's clock is from this page's, from the pings the page already sends: the server
// read its clock (`serverTs` in `pong`, whole ms) at some moment between the ping leaving and the pong
// arriving, so its offset lies in [serverTs - received, serverTs + 1 - sent]. The ping with the
// shortest round trip gives the narrowest interval. When that interval holds 0 the two clocks cannot
// be told apart (on one machine they are the same clock): the offset is taken as 0, not as noise.

/** One answered ping, its two times on this page's clock (lib/hop-clock.ts), ms. */
export interface PingSample {
  sentAtMs: number;
  receivedAtMs: number;
  /** The server's Date.now() when it answered. */
  serverTs: number;
}

/** The estimate: server clock minus page clock, and how far off it may be (half the interval), ms. */
export interface ClockOffsetEstimate {
  offsetMs: number;
  uncertaintyMs: number;
  /** Whether the clocks differed by more than the pings could resolve (else offsetMs is 0). */
  isApplied: boolean;
}

/** Pings kept: a few minutes at one ping every 5 s; a clock drifts far less than that resolves. */
const KEEP = 24;

/** Keeps the last pings and answers the offset from the best of them. */
export class ClockOffset {
  private samples: { low: number; high: number }[] = [];

  /** Adds an answered ping; a ping answered before it was sent (a broken clock) is ignored. */
  add(sample: PingSample): void {
    const { sentAtMs, receivedAtMs, serverTs } = sample;
    if (![sentAtMs, receivedAtMs, serverTs].every(Number.isFinite) || receivedAtMs < sentAtMs) return;
    this.samples.push({ low: serverTs - receivedAtMs, high: serverTs + 1 - sentAtMs });
    if (this.samples.length > KEEP) this.samples.shift();
  }

  /** Forgets the pings (a new connection may reach another node, with another clock). */
  clear(): void {
    this.samples = [];
  }

  /** The estimate from the narrowest interval; undefined before the first ping. */
  estimate(): ClockOffsetEstimate | undefined {
    let best: { low: number; high: number } | undefined;
    for (const sample of this.samples) if (!best || sample.high - sample.low < best.high - best.low) best = sample;
    if (!best) return undefined;
    const uncertaintyMs = (best.high - best.low) / 2;
    if (best.low <= 0 && best.high >= 0) return { offsetMs: 0, uncertaintyMs, isApplied: false };
    return { offsetMs: (best.low + best.high) / 2, uncertaintyMs, isApplied: true };
  }

  /** The offset to add to a page time to get the server's time for it (0 until known). */
  get offsetMs(): number {
    return this.estimate()?.offsetMs ?? 0;
  }
}
