// What an open order holds back, so two orders can never spend the same cash or sell the same units.
import type { Instrument } from '../../lib/market/instruments.ts';
import type { Lots, Ticks } from '../../lib/market/units.ts';
import { fillFee } from './fees.ts';
import { notionalMoney, type Money } from '../../lib/accounts/money.ts';

/** Cash a resting buy holds back: its unfilled size at its limit plus a taker fee, the most it can cost. */
export function buyReservation(priceTicks: Ticks, remainingLots: Lots, inst: Instrument): Money {
  return notionalMoney(priceTicks, remainingLots, inst, 'ceil') + fillFee(priceTicks, remainingLots, inst, 'taker');
}
