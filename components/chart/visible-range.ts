// Where the chart looks: the latest bars on first load, and the user's own view after a history reload.
import type { IRange, ITimeScaleApi, LogicalRange, Time } from 'lightweight-charts';

/** Bars shown when a series first loads. */
const INITIAL_BARS = 120;

/** Shows the latest bars at the default zoom (all of them when there are few). */
export function showLatest(timeScale: ITimeScaleApi<Time>, count: number): void {
  if (count === 0) return;
  if (count <= INITIAL_BARS) timeScale.fitContent();
  else timeScale.setVisibleLogicalRange({ from: count - INITIAL_BARS, to: count - 1 + 4 });
}

/**
 * After the data was replaced: a user following the latest bar keeps following it at the same zoom;
 * a user looking at history keeps looking at the same times.
 */
export function keepViewAfterReload(
  timeScale: ITimeScaleApi<Time>,
  before: { range: LogicalRange | null; times: IRange<Time> | null; count: number },
  count: number,
): void {
  const { range, times } = before;
  if (range && range.to >= before.count - 1) {
    const width = range.to - range.from;
    const to = count - 1 + (range.to - (before.count - 1));
    timeScale.setVisibleLogicalRange({ from: to - width, to });
  } else if (times) {
    timeScale.setVisibleRange(times);
  }
}
