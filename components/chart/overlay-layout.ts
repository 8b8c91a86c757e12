// Places the HTML overlay's handles on the chart's price lines. The chart draws on canvas, so the
// overlay asks it where each price is (priceToCoordinate) and moves its elements there, straight in
// the DOM: panning or zooming repositions them every frame without a React render.

/** What the overlay reads off the chart. */
export interface ChartView {
  priceToY(price: number): number | null;
  yToPrice(y: number): number | null;
  paneSize(): { width: number; height: number };
  lastClose(): number | undefined;
}

/** Whether a line at `y` is inside the pane. */
export function isOnPane(y: number | null, paneHeight: number): y is number {
  return y !== null && Number.isFinite(y) && y >= 0 && y <= paneHeight;
}

/** Where a handle goes: on its line, held fully inside the pane; an order off screen is pinned to the edge it is beyond. */
export interface HandlePlace {
  y: number;
  pinned: 'above' | 'below' | undefined;
}

/** A handle's place for a line at `lineY`; undefined while the scale cannot say. `half` is half the handle's height. */
export function handlePlace(lineY: number | null, paneHeight: number, half = 10): HandlePlace | undefined {
  if (lineY === null || !Number.isFinite(lineY) || paneHeight < 2 * half) return undefined;
  const pinned = lineY < 0 ? 'above' : lineY > paneHeight ? 'below' : undefined;
  return { y: Math.min(Math.max(lineY, half), paneHeight - half), pinned };
}

/** The popover's top: under the line when it fits, else over it, and never outside the pane. */
export function popoverTop(lineY: number, popoverHeight: number, paneHeight: number, gap = 14): number {
  const below = lineY + gap;
  const top = below + popoverHeight <= paneHeight ? below : lineY - gap - popoverHeight;
  return Math.max(0, Math.min(top, paneHeight - popoverHeight));
}

/**
 * Sizes the overlay to the pane and moves every `[data-anchor-price]` element to its price's y
 * (pinned to the edge when off the pane) and the `[data-popover-price]` element next to its line.
 */
export function positionOverlay(root: HTMLElement, view: ChartView): void {
  const pane = view.paneSize();
  root.style.width = `${pane.width}px`;
  root.style.height = `${pane.height}px`;
  const last = view.lastClose();
  const lastY = last === undefined ? null : view.priceToY(last);
  // Exposed for tests and tools: where the market is on screen, to compare a handle's y with.
  root.dataset.lastPriceY = lastY === null ? '' : lastY.toFixed(1);
  // And the prices at the pane's top and bottom edges.
  root.dataset.topPrice = String(view.yToPrice(0) ?? '');
  root.dataset.bottomPrice = String(view.yToPrice(pane.height) ?? '');
  for (const el of root.querySelectorAll<HTMLElement>('[data-anchor-price]')) {
    const place = handlePlace(view.priceToY(Number(el.dataset.anchorPrice)), pane.height);
    el.style.visibility = place ? 'visible' : 'hidden';
    el.dataset.y = place ? place.y.toFixed(1) : '';
    el.dataset.pinned = place?.pinned ?? '';
    if (place) el.style.transform = `translateY(${Math.round(place.y)}px)`;
  }
  const popover = root.querySelector<HTMLElement>('[data-popover-price]');
  if (popover) {
    const y = view.priceToY(Number(popover.dataset.popoverPrice));
    const top = popoverTop(isOnPane(y, pane.height) ? y : pane.height / 2, popover.offsetHeight, pane.height);
    popover.style.transform = `translateY(${Math.round(top)}px)`;
  }
}
