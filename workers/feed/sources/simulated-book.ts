// The simulator's order flow on one instrument's book: limit orders arrive, rest and get
// cancelled; marketable orders take liquidity and print trades. The book never crosses.
import { sizeToLots } from '../../../lib/market/decimal.ts';
import type { Instrument } from '../../../lib/market/instruments.ts';
import { OrderBook, type BookSide } from '../../../lib/market/order-book.ts';
import { ZERO_LOTS, asLots, asTicks, type Lots, type Ticks } from '../../../lib/market/units.ts';
import { ChangeSet } from './change-set.ts';
import type { Prng } from './prng.ts';

/** One trade printed by a marketable order, at a resting level's price. */
export interface SimFill {
  side: 'buy' | 'sell';
  priceTicks: Ticks;
  lots: Lots;
}

/** What one simulated action did to the book. */
export interface SimAction {
  changes: ChangeSet;
  fills: SimFill[];
}

/** Levels kept per side: never fewer than `minLevels`, never more than `maxLevels`. */
export interface DepthLimits {
  minLevels: number;
  maxLevels: number;
}

// How aggressively and how far from the mid orders arrive; chosen to look like a busy market.
const ADD_SHARE = 0.5;
const CANCEL_SHARE = 0.38;
const MEAN_OFFSET_LEVELS = 10;
const ORDER_NOTIONAL = 20_000;
// A side whose best price is this many level spacings from the fair price is pulled and re-quoted.
const STALE_LEVELS = 20;

/** One instrument's simulated book, driven toward a moving fair price. */
export class SimulatedBook {
  readonly book = new OrderBook();
  private readonly spacingTicks: number;
  private readonly halfSpreadTicks: number;
  private readonly typicalLots: Lots;
  private readonly minLots: Lots;
  private readonly maxLots: Lots;

  constructor(
    private readonly inst: Instrument,
    sigmaPerSecond: number,
    private readonly rng: Prng,
    private readonly limits: DepthLimits,
  ) {
    const reference = Number(inst.referencePrice);
    // Levels about a third of a typical one-second move apart, so the book moves but is not torn apart.
    this.spacingTicks = Math.max(1, Math.round((reference * sigmaPerSecond) / Number(inst.tickSize) / 3));
    this.halfSpreadTicks = Math.max(1, Math.round(this.spacingTicks / 2));
    this.minLots = asLots(Math.max(1, sizeToLots(inst.minQty, inst) ?? 1));
    this.maxLots = asLots(Math.max(this.minLots, sizeToLots(inst.maxQty, inst) ?? this.minLots));
    const lotValue = reference * Number(inst.lotSize);
    this.typicalLots = asLots(Math.min(this.maxLots, Math.max(this.minLots, Math.round(ORDER_NOTIONAL / lotValue))));
  }

  /** Fills an empty book around the fair price (used before the first snapshot). */
  seed(fairTicks: Ticks): void {
    const changes = new ChangeSet(this.book);
    this.replenish(changes, 'bid', fairTicks, Math.round((this.limits.minLevels + this.limits.maxLevels) / 2));
    this.replenish(changes, 'ask', fairTicks, Math.round((this.limits.minLevels + this.limits.maxLevels) / 2));
  }

  /**
   * Performs one random action. A book the fair price has left behind is first repaired: levels
   * the fair price moved through are taken (a chasing order), a side left far away is re-quoted.
   */
  step(fairTicks: Ticks): SimAction {
    const action: SimAction = { changes: new ChangeSet(this.book), fills: [] };
    const bestBid = this.book.bestBid();
    const bestAsk = this.book.bestAsk();
    const staleTicks = STALE_LEVELS * this.spacingTicks;
    if (bestAsk !== undefined && fairTicks > bestAsk) this.chase(action, 'bid', fairTicks);
    else if (bestBid !== undefined && fairTicks < bestBid) this.chase(action, 'ask', fairTicks);
    else if (bestAsk !== undefined && bestAsk - fairTicks > staleTicks) this.pull(action, 'ask');
    else if (bestBid !== undefined && fairTicks - bestBid > staleTicks) this.pull(action, 'bid');
    else {
      const roll = this.rng.next();
      if (roll < ADD_SHARE) this.addLimit(action, fairTicks);
      else if (roll < ADD_SHARE + CANCEL_SHARE) this.cancel(action);
      else this.marketOrder(action, fairTicks);
    }
    for (const side of ['bid', 'ask'] as const) {
      this.replenish(action.changes, side, fairTicks, this.limits.minLevels);
      action.changes.trim(side, this.limits.maxLevels);
    }
    return action;
  }

  // A limit order priced at the fair price, big enough to take every level in the way.
  private chase(action: SimAction, side: BookSide, fairTicks: Ticks): void {
    let lots = this.orderLots();
    const opposite = this.book.side(side === 'bid' ? 'ask' : 'bid');
    for (let i = 0; i < opposite.depth; i++) {
      const price = opposite.priceAt(i);
      if (price === undefined || (side === 'bid' ? price > fairTicks : price < fairTicks)) break;
      lots = asLots(lots + opposite.lotsAt(price));
    }
    this.placeLimit(action, side, fairTicks, lots);
  }

  // Cancels a whole side; the replenishing after every step rebuilds it next to the fair price.
  private pull(action: SimAction, side: BookSide): void {
    for (const [price] of this.book.side(side).top(this.book.side(side).depth)) action.changes.set(side, price, ZERO_LOTS);
  }

  private addLimit(action: SimAction, fairTicks: Ticks): void {
    const side: BookSide = this.rng.chance(0.5) ? 'bid' : 'ask';
    const offset = this.halfSpreadTicks + Math.floor(this.rng.exponential(this.spacingTicks * MEAN_OFFSET_LEVELS));
    const price = asTicks(side === 'bid' ? fairTicks - offset : fairTicks + offset);
    if (price >= 1) this.placeLimit(action, side, price, this.orderLots());
  }

  private cancel(action: SimAction): void {
    const side: BookSide = this.rng.chance(0.5) ? 'bid' : 'ask';
    const ladder = this.book.side(side);
    const price = ladder.priceAt(this.rng.int(ladder.depth));
    if (price === undefined) return;
    const lots = ladder.lotsAt(price);
    const remaining = asLots(lots <= 1 || this.rng.chance(0.5) ? 0 : lots - (1 + this.rng.int(lots - 1)));
    action.changes.set(side, price, remaining);
  }

  // An immediate-or-cancel order with no limit, leaning toward the side the fair price is moving.
  private marketOrder(action: SimAction, fairTicks: Ticks): void {
    const bid = this.book.bestBid();
    const ask = this.book.bestAsk();
    const bookMid = bid !== undefined && ask !== undefined ? (bid + ask) / 2 : fairTicks;
    const lean = Math.max(-0.3, Math.min(0.3, (fairTicks - bookMid) / (4 * this.spacingTicks)));
    this.take(action, this.rng.chance(0.5 + lean) ? 'bid' : 'ask', undefined, this.orderLots());
  }

  // Matches as a limit order and rests what is left; it can only rest once nothing crosses it.
  private placeLimit(action: SimAction, side: BookSide, price: Ticks, lots: Lots): void {
    const remaining = this.take(action, side, price, lots);
    if (remaining > 0) action.changes.set(side, price, asLots(this.book.side(side).lotsAt(price) + remaining));
  }

  // Consumes the opposite side best-first up to `limit`, one fill per level; returns unfilled lots.
  private take(action: SimAction, aggressor: BookSide, limit: Ticks | undefined, lots: Lots): Lots {
    const opposite: BookSide = aggressor === 'bid' ? 'ask' : 'bid';
    const ladder = this.book.side(opposite);
    let remaining = lots;
    while (remaining > 0) {
      const price = ladder.best();
      if (price === undefined) break;
      if (limit !== undefined && (aggressor === 'bid' ? price > limit : price < limit)) break;
      const resting = ladder.lotsAt(price);
      const filled = asLots(Math.min(resting, remaining));
      action.changes.set(opposite, price, asLots(resting - filled));
      action.fills.push({ side: aggressor === 'bid' ? 'buy' : 'sell', priceTicks: price, lots: filled });
      remaining = asLots(remaining - filled);
    }
    return remaining;
  }

  // Adds levels past the deepest one (or next to the other side when empty) up to `levels`.
  private replenish(changes: ChangeSet, side: BookSide, fairTicks: Ticks, levels: number): void {
    const ladder = this.book.side(side);
    const isBid = side === 'bid';
    let price = ladder.priceAt(ladder.depth - 1);
    if (price === undefined) {
      const other = isBid ? this.book.bestAsk() : this.book.bestBid();
      price = asTicks(
        isBid
          ? Math.min(fairTicks, other ?? fairTicks) - this.halfSpreadTicks + 1
          : Math.max(fairTicks, other ?? fairTicks) + this.halfSpreadTicks - 1,
      );
    }
    while (ladder.depth < levels) {
      const step = 1 + this.rng.int(2 * this.spacingTicks - 1);
      price = asTicks(isBid ? price - step : price + step);
      if (price < 1) return;
      changes.set(side, price, asLots(this.orderLots() * (1 + this.rng.int(3))));
    }
  }

  // Log-normal order size with mean `typicalLots`, within the instrument's limits.
  private orderLots(): Lots {
    const lots = Math.round(this.typicalLots * Math.exp(0.9 * this.rng.normal() - 0.405));
    return asLots(Math.min(this.maxLots, Math.max(this.minLots, lots)));
  }
}
