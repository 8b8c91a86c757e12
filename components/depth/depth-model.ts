// The depth chart's geometry: cumulative size against price for each side, as step-area paths in a
// 0..WIDTH × 0..HEIGHT box centred on the mid price.
import type { Level } from '@/lib/market/order-book.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from '@/lib/market/units.ts';

export const WIDTH = 1000;
export const HEIGHT = 300;

export interface DepthModel {
  bidArea: string;
  askArea: string;
  bidLine: string;
  askLine: string;
  /** Prices at the left edge, the centre and the right edge, in ticks (fractional: the mid may fall between two). */
  minTicks: number;
  midTicks: number;
  maxTicks: number;
  bestBid: Ticks;
  bestAsk: Ticks;
  /** The spread band: from the best bid's x to the best ask's (the mid is at WIDTH / 2). */
  spreadX0: number;
  spreadX1: number;
  /** The largest cumulative size drawn, in lots. */
  maxLots: Lots;
}

/** Builds the paths, or undefined when a side is empty. Both sides span the same price distance from the mid. */
export function depthModel(bids: readonly Level[], asks: readonly Level[]): DepthModel | undefined {
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  const lastBid = bids[bids.length - 1]?.[0];
  const lastAsk = asks[asks.length - 1]?.[0];
  if (bestBid === undefined || bestAsk === undefined || lastBid === undefined || lastAsk === undefined) return undefined;
  const mid = (bestBid + bestAsk) / 2;
  // The narrower side sets the span, so neither side runs off an edge with nothing drawn past it.
  const half = Math.max(1, Math.min(mid - lastBid, lastAsk - mid));
  const minTicks = mid - half;
  const maxTicks = mid + half;
  const bidSteps = steps(bids, (p) => p >= minTicks);
  const askSteps = steps(asks, (p) => p <= maxTicks);
  const maxLots = asLots(Math.max(1, bidSteps[bidSteps.length - 1]?.[1] ?? 0, askSteps[askSteps.length - 1]?.[1] ?? 0));
  const x = (ticks: number): number => ((ticks - minTicks) / (maxTicks - minTicks)) * WIDTH;
  const y = (lots: number): number => HEIGHT - (lots / maxLots) * HEIGHT * 0.92;
  const bidLine = stepPath(bidSteps, x, y, x(minTicks));
  const askLine = stepPath(askSteps, x, y, x(maxTicks));
  return {
    bidLine,
    askLine,
    bidArea: `${bidLine} L${x(minTicks).toFixed(1)},${HEIGHT} L${x(bestBid).toFixed(1)},${HEIGHT} Z`,
    askArea: `${askLine} L${x(maxTicks).toFixed(1)},${HEIGHT} L${x(bestAsk).toFixed(1)},${HEIGHT} Z`,
    minTicks,
    midTicks: mid,
    maxTicks,
    bestBid,
    bestAsk,
    spreadX0: x(bestBid),
    spreadX1: x(bestAsk),
    maxLots,
  };
}

// Cumulative [price, lots] from the best price outwards, within the drawn span.
function steps(levels: readonly Level[], isInside: (price: Ticks) => boolean): [Ticks, Lots][] {
  const out: [Ticks, Lots][] = [];
  let cum = ZERO_LOTS;
  for (const [price, lots] of levels) {
    if (!isInside(price)) break;
    cum = asLots(cum + lots);
    out.push([price, cum]);
  }
  return out;
}

// A staircase from the best price outwards: flat at each running total until the next level, to the edge.
function stepPath(points: [number, number][], x: (t: number) => number, y: (l: number) => number, edgeX: number): string {
  const first = points[0];
  if (!first) return '';
  let d = `M${x(first[0]).toFixed(1)},${HEIGHT} L${x(first[0]).toFixed(1)},${y(first[1]).toFixed(1)}`;
  for (let i = 1; i < points.length; i++) {
    const point = points[i];
    const prev = points[i - 1];
    if (!point || !prev) continue;
    d += ` L${x(point[0]).toFixed(1)},${y(prev[1]).toFixed(1)} L${x(point[0]).toFixed(1)},${y(point[1]).toFixed(1)}`;
  }
  const last = points[points.length - 1] ?? first;
  return `${d} L${edgeX.toFixed(1)},${y(last[1]).toFixed(1)}`;
}
