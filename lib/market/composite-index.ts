// The Tickwire composite index: a weighted basket of every instrument's mid, 1000 at the reference prices.
import { INSTRUMENTS, type Instrument } from './instruments.ts';

/** The index's published name and its value when every mid sits at its reference price. */
export const COMPOSITE_INDEX = { symbol: 'TWX', base: 1000 } as const;

/** One constituent's part of the index. */
export interface IndexConstituent {
  symbol: string;
  weight: number;
  /** The mid used; the reference price when no mid was given. */
  mid: number;
  hasMid: boolean;
  /** weight × mid / referencePrice × base. */
  contribution: number;
}

/** The index value and what it is made of. */
export interface CompositeIndexValue {
  value: number;
  constituents: IndexConstituent[];
}

/**
 * Computes the index: Σ weight × mid / referencePrice × base over the instruments (weights sum
 * to 1, see instruments.ts). A missing or non-positive mid counts at its reference price so one
 * quiet book cannot drag the index to zero.
 */
export function computeCompositeIndex(
  mids: Readonly<Record<string, number | undefined>>,
  instruments: readonly Instrument[] = INSTRUMENTS,
): CompositeIndexValue {
  let value = 0;
  const constituents: IndexConstituent[] = [];
  for (const inst of instruments) {
    if (inst.indexWeight === 0) continue;
    const reference = Number(inst.referencePrice);
    const given = mids[inst.symbol];
    const hasMid = given !== undefined && Number.isFinite(given) && given > 0;
    const mid = hasMid ? given : reference;
    const contribution = (inst.indexWeight * mid * COMPOSITE_INDEX.base) / reference;
    value += contribution;
    constituents.push({ symbol: inst.symbol, weight: inst.indexWeight, mid, hasMid, contribution });
  }
  return { value, constituents };
}
