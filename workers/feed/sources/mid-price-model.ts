// The simulated "fair" mid price of one instrument: a mean-reverting log random walk with jumps.
import type { Prng } from './prng.ts';

const SECONDS_PER_YEAR = 365 * 24 * 3600;

/** Shape of the price process; volatility is annualised (0.6 = 60 %). */
export interface MidPriceParams {
  referencePrice: number;
  volatility: number;
  /** Long-run standard deviation of log(mid / reference); sets the mean-reversion strength. */
  stationaryStd?: number;
  jumpsPerDay?: number;
  /** Standard deviation of one jump in log price. */
  jumpStd?: number;
  /** Hard bound on |log(mid / reference)|, a safety net the process almost never touches. */
  maxLogDeviation?: number;
}

/**
 * Ornstein–Uhlenbeck on x = log(mid / reference), stepped exactly for any dt so coarse steps
 * (hours, days) have the same distribution as many fine ones; it can neither drift to zero nor explode.
 */
export class MidPriceModel {
  private x = 0;
  private readonly sigma: number;
  private readonly theta: number;
  private readonly jumpRatePerSec: number;
  private readonly jumpStd: number;
  private readonly maxLogDeviation: number;

  constructor(
    private readonly params: MidPriceParams,
    private readonly rng: Prng,
  ) {
    const stationaryStd = params.stationaryStd ?? 0.2;
    this.sigma = params.volatility / Math.sqrt(SECONDS_PER_YEAR);
    this.theta = (this.sigma * this.sigma) / (2 * stationaryStd * stationaryStd);
    this.jumpRatePerSec = (params.jumpsPerDay ?? 2) / 86_400;
    this.jumpStd = params.jumpStd ?? 0.01;
    this.maxLogDeviation = params.maxLogDeviation ?? 1;
  }

  /** Current mid price. */
  get mid(): number {
    return this.params.referencePrice * Math.exp(this.x);
  }

  /** Standard deviation of the log return over one second, which sizes the simulated book. */
  get sigmaPerSecond(): number {
    return this.sigma;
  }

  /** Continues from a price seen before (e.g. the last stored close after a restart), within the hard bound. */
  resumeFrom(price: number): void {
    if (!(price > 0)) return;
    const x = Math.log(price / this.params.referencePrice);
    this.x = Math.max(-this.maxLogDeviation, Math.min(this.maxLogDeviation, x));
  }

  /** Moves the process forward by dtMs. */
  advance(dtMs: number): void {
    if (dtMs <= 0) return;
    const dt = dtMs / 1000;
    const decay = Math.exp(-this.theta * dt);
    // -expm1 keeps the variance exact when theta·dt is tiny.
    const std = this.sigma * Math.sqrt(-Math.expm1(-2 * this.theta * dt) / (2 * this.theta));
    let x = this.x * decay + std * this.rng.normal();
    if (this.rng.chance(-Math.expm1(-this.jumpRatePerSec * dt))) x += this.jumpStd * this.rng.normal();
    this.x = Math.max(-this.maxLogDeviation, Math.min(this.maxLogDeviation, x));
  }
}
