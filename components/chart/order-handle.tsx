'use client';
// One open order's handle at the right end of its line: its label (the drag grip of a resting limit
// order, a spin button for the keyboard) and its × cancel button. Placed on its price by positionOverlay.
import { useTranslations } from 'next-intl';
import { useRef, type Dispatch, type KeyboardEvent, type PointerEvent } from 'react';
import type { Instrument } from '@/lib/market/instruments.ts';
import type { Ticks } from '@/lib/market/units.ts';
import type { LineDragEvent } from './line-drag.ts';
import type { OrderLine } from './order-lines.ts';
import { handlePlace } from './overlay-layout.ts';
import { arrowStep, ticksAtDrag, ticksToNumber, ticksToText, ticksToWire, type DragGeometry } from './price-ticks.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import styles from './order-overlay.module.css';

/** What a drag reads off the chart. */
export interface DragView {
  priceToY(price: number): number | null;
  yToPrice(y: number): number | null;
  paneSize(): { width: number; height: number };
}

/** How far the pointer must travel before a press becomes a drag: a click with a shaky hand moves nothing. */
const DRAG_AFTER_PX = 3;

interface OrderHandleProps {
  line: OrderLine;
  inst: Instrument;
  /** Where the line stands now: its price, or where a move put it. */
  shownTicks: Ticks;
  isMoving: boolean;
  /** A cancel or an amend of this order is on its way. */
  isBusy: boolean;
  view: DragView;
  dispatch: Dispatch<LineDragEvent>;
  onCancel: (line: OrderLine) => void;
}

export function OrderHandle({ line, inst, shownTicks, isMoving, isBusy, view, dispatch, onCancel }: OrderHandleProps) {
  const t = useTranslations('chart');
  const say = useUiText();
  const drag = useRef<(DragGeometry & { hasMoved: boolean }) | null>(null);
  const isDraggable = line.kind === 'limit';
  const shownPrice = ticksToNumber(shownTicks, inst);
  const isMoved = shownTicks !== line.ticks;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (!isDraggable || isBusy || e.button !== 0) return;
    // From where the handle is: a handle pinned to the edge starts its drag there.
    const paneHeight = view.paneSize().height;
    const originY = handlePlace(view.priceToY(shownPrice), paneHeight)?.y;
    if (originY === undefined) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus({ preventScroll: true });
    drag.current = { originY, startPointerY: e.clientY, paneHeight, yToPrice: (y) => view.yToPrice(y), hasMoved: false };
    dispatch({ type: 'grab', orderId: line.orderId, at: line.ticks });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    if (!drag.current.hasMoved && Math.abs(e.clientY - drag.current.startPointerY) < DRAG_AFTER_PX) return;
    drag.current.hasMoved = true;
    const to = ticksAtDrag(drag.current, e.clientY, inst);
    if (to !== null) dispatch({ type: 'move', to });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    dispatch({ type: 'release' });
  };
  // The browser took the pointer away (a touch turned into a scroll, the window lost focus).
  const onPointerLost = (): void => {
    if (!drag.current) return;
    drag.current = null;
    dispatch({ type: 'cancel' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = arrowStep(e.key, e.shiftKey);
    if (step !== 0) dispatch({ type: 'step', orderId: line.orderId, at: line.ticks, step });
    else if (e.key === 'Enter') dispatch({ type: 'commit' });
    else if (e.key === 'Escape' && isMoving) dispatch({ type: 'cancel' });
    else return;
    // Handled here: not a page shortcut, not a scroll.
    e.preventDefault();
    e.stopPropagation();
  };

  const priceText = ticksToText(shownTicks, inst);
  return (
    <div
      className={styles.handle}
      data-testid="chart-order"
      data-order-id={line.orderId}
      data-side={line.side}
      data-kind={line.kind}
      data-price={ticksToWire(line.ticks, inst)}
      data-shown-price={ticksToWire(shownTicks, inst)}
      data-moving={isMoving}
      data-busy={isBusy}
      data-anchor-price={shownPrice}
    >
      <div
        className={styles.grip}
        {...(isDraggable
          ? {
              role: 'spinbutton',
              tabIndex: 0,
              'aria-label': t('gripLabel', { label: say(line.label), price: ticksToText(line.ticks, inst) }),
              'aria-valuenow': shownPrice,
              'aria-valuetext': priceText,
              onPointerDown,
              onPointerMove,
              onPointerUp,
              onPointerCancel: onPointerLost,
              onLostPointerCapture: onPointerLost,
              onKeyDown,
              onBlur: () => dispatch({ type: 'leave', orderId: line.orderId }),
            }
          : {})}
        data-testid="chart-order-grip"
      >
        <span>{say(line.label)}</span>
        {isMoved && <span className={styles.to}>→ {priceText}</span>}
      </div>
      <button type="button" className={styles.cancel} aria-label={say(line.cancelLabel)} disabled={isBusy} onClick={() => onCancel(line)} data-testid="chart-order-cancel">
        ×
      </button>
    </div>
  );
}
