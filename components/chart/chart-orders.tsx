'use client';
// The account on the candle chart: open orders as lines with a handle each (× cancels; a resting
// limit order's line can be dragged, or stepped with the arrow keys, to a new price, amended after a
// confirmation), the position's entry as a dotted line, and fills as markers. Reads the account cache,
// so the lines follow placements, amends, fills and cancels as they happen.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { amendOrder } from '@/lib/client/amend-order.ts';
import { uiText, type UiText } from '@/lib/client/ui-text.ts';
import type { Instrument } from '@/lib/market/instruments.ts';
import type { Timeframe } from '@/lib/protocol/messages.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useFills, useOrders, usePositions } from '@/components/account/use-account.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import type { ChartController } from './chart-controller.ts';
import { useChartFillHistory } from './chart-fill-history.ts';
import { cancelRequestFor, sendCancel, type CancelOutcome } from './chart-order-requests.ts';
import type { ChartColors } from './chart-theme.ts';
import { fillMarkersFor } from './fill-markers.ts';
import { displayedTicks, IDLE, reduceLineDrag } from './line-drag.ts';
import { lineSpecsFor } from './line-specs.ts';
import { MoveConfirm } from './move-confirm.tsx';
import { OrderHandle } from './order-handle.tsx';
import { entryLineFor, orderLinesFor, type OrderLine } from './order-lines.ts';
import { positionOverlay } from './overlay-layout.ts';
import { ticksToWire } from './price-ticks.ts';
import { useChartCancels } from './use-chart-cancels.ts';
import styles from './order-overlay.module.css';

/** How long an amend the engine accepted may wait for the account cache to show its price. */
const SHOW_AMEND_WITHIN_MS = 5_000;
const NOTICE_MS = 6_000;

interface ChartOrdersProps {
  controller: ChartController;
  inst: Instrument;
  timeframe: Timeframe;
  colors: ChartColors;
}

export function ChartOrders({ controller, inst, timeframe, colors }: ChartOrdersProps) {
  const session = useMarketSession();
  const say = useUiText();
  const open = useOrders().data?.open;
  const positions = usePositions().data?.positions;
  const recentFills = useFills().data?.fills;
  const fillHistory = useChartFillHistory(inst.symbol);
  const lines = useMemo(() => orderLinesFor(open ?? [], inst), [open, inst]);
  const entry = useMemo(() => entryLineFor(positions ?? [], inst), [positions, inst]);
  const markers = useMemo(() => fillMarkersFor([fillHistory ?? [], recentFills ?? []], inst.symbol, timeframe), [fillHistory, recentFills, inst.symbol, timeframe]);
  const [drag, dispatch] = useReducer(reduceLineDrag, IDLE);
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ text: UiText; at: number } | undefined>(undefined);
  const overlay = useRef<HTMLDivElement>(null);
  const moves = useRef(0);

  const tell = useCallback((text: UiText) => setNotice({ text, at: Date.now() }), []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const onCancelOutcome = useCallback(
    (outcome: CancelOutcome) => {
      setCancelling((ids) => without(ids, outcome.request.orderId));
      if (!outcome.isDone) tell(uiText('chart.notCancelled', { reason: outcome.reason }));
    },
    [tell],
  );
  const trackCancel = useChartCancels(session, onCancelOutcome);

  // The cache has the last word: an order gone ends its move, an amend shown in it ends the wait.
  useEffect(() => {
    dispatch({ type: 'synced', prices: new Map(lines.map((l) => [l.orderId, l.kind === 'limit' ? l.ticks : undefined])) });
  }, [lines, drag]);

  useEffect(() => {
    if (drag.phase !== 'sending' || !drag.isAmended) return;
    const timer = setTimeout(() => dispatch({ type: 'expire', requestId: drag.requestId }), SHOW_AMEND_WITHIN_MS);
    return () => clearTimeout(timer);
  }, [drag]);

  useEffect(() => controller.annotations.setLines(lineSpecsFor(lines, entry, drag, colors, inst)), [controller, lines, entry, drag, colors, inst]);
  useEffect(() => controller.annotations.setMarkers(markers, colors), [controller, markers, colors]);

  // Handles follow their lines: after every render here, and whenever the chart moves its prices.
  useLayoutEffect(() => {
    if (overlay.current) positionOverlay(overlay.current, controller);
  });
  useEffect(
    () =>
      controller.onViewChange(() => {
        if (overlay.current) positionOverlay(overlay.current, controller);
      }),
    [controller],
  );

  const cancelOrder = (line: OrderLine): void => {
    const request = cancelRequestFor(line.orderId);
    if (!sendCancel(session, request)) return tell(uiText('chart.cancelNotSent'));
    trackCancel(request);
    setCancelling((ids) => new Set(ids).add(line.orderId));
  };

  const confirming = drag.phase === 'confirming' ? lines.find((l) => l.orderId === drag.orderId) : undefined;
  const focusGrip = (orderId: string): void => {
    overlay.current?.querySelector<HTMLElement>(`[data-order-id="${CSS.escape(orderId)}"] [role="spinbutton"]`)?.focus({ preventScroll: true });
  };
  const confirmMove = (): void => {
    if (drag.phase !== 'confirming') return;
    moves.current += 1;
    const move = `move-${moves.current}`;
    dispatch({ type: 'confirm', requestId: move });
    void amendOrder(session, { orderId: drag.orderId, price: ticksToWire(drag.to, inst) }).then((outcome) => {
      if (outcome.status === 'amended') return dispatch({ type: 'amended', requestId: move });
      // The line goes back to the order's price: the engine kept it (or did not answer; the refetch tells).
      dispatch({ type: 'rejected', requestId: move });
      tell(outcome.text);
    });
    focusGrip(drag.orderId);
  };
  const cancelMove = useCallback(() => {
    if (drag.phase !== 'confirming') return;
    dispatch({ type: 'cancel' });
    focusGrip(drag.orderId);
  }, [drag]);

  const view = controller;
  return (
    <div ref={overlay} className={styles.overlay} data-testid="chart-orders" data-drag-phase={drag.phase}>
      {lines.map((line) => (
        <OrderHandle
          key={line.orderId}
          line={line}
          inst={inst}
          shownTicks={displayedTicks(drag, line.orderId, line.ticks)}
          isMoving={drag.phase !== 'idle' && drag.orderId === line.orderId}
          isBusy={cancelling.has(line.orderId) || (drag.phase === 'sending' && drag.orderId === line.orderId)}
          view={view}
          dispatch={dispatch}
          onCancel={cancelOrder}
        />
      ))}
      {entry && (
        <div className={styles.entry} data-testid="chart-entry" data-anchor-price={entry.price}>
          {say(entry.label)}
        </div>
      )}
      {confirming && drag.phase === 'confirming' && (
        <MoveConfirm key={`${drag.orderId}:${drag.to}`} line={confirming} inst={inst} from={drag.from} to={drag.to} onConfirm={confirmMove} onCancel={cancelMove} />
      )}
      {notice && (
        <div className={styles.notice} role="alert" data-testid="chart-order-notice">
          {say(notice.text)}
        </div>
      )}
    </div>
  );
}

function without(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!ids.has(id)) return ids;
  const next = new Set(ids);
  next.delete(id);
  return next;
}
