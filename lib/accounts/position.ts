// A holding at average cost: buys move the average, sells realize P&L against it. Long only, fees
// excluded (they are charged to cash), so avgCost is the price paid and P&L is the price move.
import type { Instrument } from '../market/instruments.ts';
import type { OrderBook } from '../market/order-book.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from '../market/units.ts';
import { MONEY_SCALE, divide, priceMoney, sizeUnits, toMoney, type Money } from './money.ts';

/** One account's holding in one instrument. */
export interface PositionState {
  lots: Lots;
  /** Average price paid per whole unit, in money units; 0 when flat. */
  avgCost: Money;
  /** Cumulative P&L realized by sells, in money units. */
  realizedPnl: Money;
}

/** A flat position, for an instrument never traded. */
export const FLAT_POSITION: PositionState = { lots: ZERO_LOTS, avgCost: 0n, realizedPnl: 0n };

/** The position after a fill; a sell larger than the holding is a broken invariant (validation forbids shorting). */
export function applyFill(position: PositionState, side: 'buy' | 'sell', priceTicks: Ticks, lots: Lots, inst: Instrument): PositionState {
  const price = priceMoney(priceTicks, inst);
  if (side === 'buy') {
    const lotsAfter = asLots(position.lots + lots);
    // Cost basis at scale 8 + sizePrecision, divided by the new size: the new average per unit.
    const costBefore = position.avgCost * sizeUnits(position.lots, inst);
    const costAdded = price * sizeUnits(lots, inst);
    const avgCost = divide(costBefore + costAdded, sizeUnits(lotsAfter, inst), 'half-up');
    return { lots: lotsAfter, avgCost, realizedPnl: position.realizedPnl };
  }
  if (lots > position.lots) throw new RangeError(`sell of ${lots} lots exceeds the position of ${position.lots}`);
  const lotsAfter = asLots(position.lots - lots);
  const gain = toMoney((price - position.avgCost) * sizeUnits(lots, inst), MONEY_SCALE + inst.sizePrecision, 'half-up');
  return { lots: lotsAfter, avgCost: lotsAfter === 0 ? 0n : position.avgCost, realizedPnl: position.realizedPnl + gain };
}

/** P&L of the holding if it were valued at `mark` (money per unit). */
export function unrealizedPnl(position: PositionState, mark: Money, inst: Instrument): Money {
  return toMoney((mark - position.avgCost) * sizeUnits(position.lots, inst), MONEY_SCALE + inst.sizePrecision, 'half-up');
}

/** The mid price in money units: halfway between the bests, or the only best; undefined for an empty book. */
export function midPrice(book: OrderBook, inst: Instrument): Money | undefined {
  return midOfBest(book.bestBid(), book.bestAsk(), inst);
}

/** The mid of a best bid and ask in ticks (either may be missing), in money units. */
export function midOfBest(bid: Ticks | undefined, ask: Ticks | undefined, inst: Instrument): Money | undefined {
  if (bid === undefined) return ask === undefined ? undefined : priceMoney(ask, inst);
  if (ask === undefined) return priceMoney(bid, inst);
  return divide(priceMoney(bid, inst) + priceMoney(ask, inst), 2n, 'half-up');
}
