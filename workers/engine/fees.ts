// The fee schedule and what one fill costs or pays, in exact money units.
import type { Instrument } from '../../lib/market/instruments.ts';
import type { Lots, Ticks } from '../../lib/market/units.ts';
import { divide, exactNotional, toMoney, type Money } from '../../lib/accounts/money.ts';

/** Who provided the liquidity of a fill: the resting (maker) or the arriving (taker) order. */
export type Liquidity = 'maker' | 'taker';

/** Fees in basis points of the notional: 0.10 % taker, 0.05 % maker, like a typical spot venue's base tier. */
export const FEE_BPS: Readonly<Record<Liquidity, bigint>> = { taker: 10n, maker: 5n };

const BPS_PER_UNIT = 10_000n;

/** The cash side of one fill: its notional, its fee and the signed change to the account's cash. */
export interface FillCash {
  notional: Money;
  fee: Money;
  cashDelta: Money;
}

/** The fee of a fill, rounded up to the next 10^-8 so the venue never undercharges. */
export function fillFee(priceTicks: Ticks, lots: Lots, inst: Instrument, liquidity: Liquidity): Money {
  const { value, scale } = exactNotional(priceTicks, lots, inst);
  const scaled = toMoney(value * FEE_BPS[liquidity], scale, 'ceil');
  return divide(scaled, BPS_PER_UNIT, 'ceil');
}

/**
 * What a fill does to cash. Sub-unit notionals round against the account (a buy pays the ceiling,
 * a sell receives the floor) so the play money can never be created by rounding.
 */
export function fillCash(side: 'buy' | 'sell', priceTicks: Ticks, lots: Lots, inst: Instrument, liquidity: Liquidity): FillCash {
  const { value, scale } = exactNotional(priceTicks, lots, inst);
  const notional = toMoney(value, scale, side === 'buy' ? 'ceil' : 'floor');
  const fee = fillFee(priceTicks, lots, inst, liquidity);
  return { notional, fee, cashDelta: side === 'buy' ? -(notional + fee) : notional - fee };
}
