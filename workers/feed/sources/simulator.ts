// A deterministic market simulator for several instruments: the same seed and the same calls
// always produce the same events. Drive it with next() / step(nowMs) in tests, start() live.
import { formatLevels } from '../../../lib/market/book-messages.ts';
import { lotsToSize, ticksToPrice } from '../../../lib/market/decimal.ts';
import { INSTRUMENTS, type Instrument } from '../../../lib/market/instruments.ts';
import { asTicks } from '../../../lib/market/units.ts';
import { MidPriceModel } from './mid-price-model.ts';
import { Prng } from './prng.ts';
import { SimulatedBook, type DepthLimits } from './simulated-book.ts';
import type { EmitSourceEvent, FeedSource, SourceEvent } from './source.ts';

/** How the simulator runs; every field has a default. */
export interface SimulatorOptions {
  seed?: number;
  /** Book updates per second over all instruments (10 to several thousand). */
  ratePerSec?: number;
  instruments?: readonly Instrument[];
  /** Levels per side, kept within these bounds after every update. */
  depth?: DepthLimits;
  /** Cap on updates one step() produces; a longer stall drops the backlog instead of bursting. */
  maxUpdatesPerStep?: number;
  /** Timer period of start(). */
  tickMs?: number;
  /** Wall clock used by start(). */
  now?: () => number;
  /** Prices to start from instead of each instrument's reference (the last stored close, so a restart does not jump). */
  startPrices?: ReadonlyMap<string, number>;
}

interface SimInstrument {
  inst: Instrument;
  model: MidPriceModel;
  sim: SimulatedBook;
  tickValue: number;
}

/** The simulated market; a FeedSource whose first batch is one snapshot per instrument. */
export class MarketSimulator implements FeedSource {
  readonly ratePerSec: number;
  private readonly rng: Prng;
  private readonly markets: SimInstrument[];
  private readonly maxUpdatesPerStep: number;
  private readonly tickMs: number;
  private readonly now: () => number;
  private clockMs: number | undefined;
  private updateBudget = 0;
  private tradeCount = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.ratePerSec = options.ratePerSec ?? 200;
    if (!(this.ratePerSec > 0)) throw new RangeError(`ratePerSec must be positive, got ${this.ratePerSec}`);
    this.rng = new Prng(options.seed ?? 1);
    this.maxUpdatesPerStep = options.maxUpdatesPerStep ?? 10_000;
    this.tickMs = options.tickMs ?? 50;
    this.now = options.now ?? Date.now;
    const depth = options.depth ?? { minLevels: 60, maxLevels: 100 };
    this.markets = (options.instruments ?? INSTRUMENTS).map((inst) => {
      const model = new MidPriceModel({ referencePrice: Number(inst.referencePrice), volatility: inst.volatility }, this.rng);
      const startPrice = options.startPrices?.get(inst.symbol);
      if (startPrice !== undefined) model.resumeFrom(startPrice);
      const sim = new SimulatedBook(inst, model.sigmaPerSecond, this.rng, depth);
      return { inst, model, sim, tickValue: Number(inst.tickSize) };
    });
  }

  /** Simulated time of the last batch; undefined before the first. */
  get timeMs(): number | undefined {
    return this.clockMs;
  }

  /** The model's fair price for a symbol (not the book mid), e.g. to check it stays sane. */
  fairPrice(symbol: string): number | undefined {
    return this.markets.find((market) => market.inst.symbol === symbol)?.model.mid;
  }

  /** One batch: the snapshots on the first call, then one update at 1 / ratePerSec later. */
  next(): SourceEvent[] {
    if (this.clockMs === undefined) return this.open(0);
    const dtMs = 1000 / this.ratePerSec;
    this.clockMs += dtMs;
    for (const market of this.markets) market.model.advance(dtMs);
    return this.update(Math.floor(this.clockMs));
  }

  /** Advances simulated time to nowMs: the snapshots on the first call, then the updates due. */
  step(nowMs: number): SourceEvent[] {
    if (this.clockMs === undefined) return this.open(nowMs);
    const elapsedMs = nowMs - this.clockMs;
    if (elapsedMs <= 0) return [];
    this.clockMs = nowMs;
    for (const market of this.markets) market.model.advance(elapsedMs);
    this.updateBudget += (elapsedMs * this.ratePerSec) / 1000;
    const count = Math.min(Math.floor(this.updateBudget), this.maxUpdatesPerStep);
    this.updateBudget = count === this.maxUpdatesPerStep ? 0 : this.updateBudget - count;
    const events: SourceEvent[] = [];
    for (let i = 0; i < count; i++) events.push(...this.update(nowMs));
    return events;
  }

  /** Runs on a timer against the wall clock until stop(). */
  start(emit: EmitSourceEvent): void {
    if (this.timer !== undefined) return;
    const run = (): void => {
      for (const event of this.step(this.now())) emit(event);
    };
    run();
    this.timer = setInterval(run, this.tickMs);
  }

  /** Stops the timer; safe to call twice. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private open(nowMs: number): SourceEvent[] {
    this.clockMs = nowMs;
    return this.markets.map(({ inst, sim, model, tickValue }) => {
      sim.seed(asTicks(Math.round(model.mid / tickValue)));
      const levels = sim.book.snapshot();
      return { type: 'snapshot', symbol: inst.symbol, ts: nowMs, bids: formatLevels(levels.bids, inst), asks: formatLevels(levels.asks, inst) };
    });
  }

  // One action on one randomly chosen instrument: its trades, then the levels they and it changed.
  private update(ts: number): SourceEvent[] {
    const market = this.markets[this.rng.int(this.markets.length)];
    if (market === undefined) return [];
    const { inst, sim, model, tickValue } = market;
    const action = sim.step(asTicks(Math.max(1, Math.round(model.mid / tickValue))));
    const events: SourceEvent[] = action.fills.map((fill) => ({
      type: 'trade',
      symbol: inst.symbol,
      ts,
      id: String(++this.tradeCount),
      price: ticksToPrice(fill.priceTicks, inst),
      size: lotsToSize(fill.lots, inst),
      side: fill.side,
    }));
    const { bids, asks } = action.changes.toWire(inst);
    if (bids.length > 0 || asks.length > 0) events.push({ type: 'levels', symbol: inst.symbol, ts, bids, asks });
    return events;
  }
}
