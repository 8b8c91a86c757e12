'use client';
// Tracks the cancels sent from the chart's × buttons until the engine or the gateway answers, and
// reports each outcome once. A cancel with no answer in time is reported as refused, so a handle
// never stays busy forever.
import { useCallback, useEffect, useRef } from 'react';
import type { MarketSession } from '@/lib/client/market-session.ts';
import { uiText } from '@/lib/client/ui-text.ts';
import { cancelOutcome, type CancelOutcome, type CancelRequest } from './chart-order-requests.ts';

const ANSWER_WITHIN_MS = 10_000;

export function useChartCancels(session: MarketSession, onOutcome: (outcome: CancelOutcome) => void): (request: CancelRequest) => void {
  const pending = useRef<{ request: CancelRequest; timer: ReturnType<typeof setTimeout> }[]>([]);
  const report = useRef(onOutcome);
  useEffect(() => {
    report.current = onOutcome;
  });

  const settle = useCallback((outcome: CancelOutcome) => {
    const entry = pending.current.find((p) => p.request === outcome.request);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.current = pending.current.filter((p) => p !== entry);
    report.current(outcome);
  }, []);

  useEffect(() => {
    const onMessage = (message: Parameters<typeof cancelOutcome>[0]): void => {
      const outcome = cancelOutcome(
        message,
        pending.current.map((p) => p.request),
      );
      if (outcome) settle(outcome);
    };
    const stopEvents = session.onOrderEvent(onMessage);
    const stopErrors = session.onError(onMessage);
    return () => {
      stopEvents();
      stopErrors();
    };
  }, [session, settle]);

  useEffect(
    () => () => {
      for (const p of pending.current) clearTimeout(p.timer);
      pending.current = [];
    },
    [],
  );

  return useCallback(
    (request: CancelRequest) => {
      const timer = setTimeout(() => settle({ request, isDone: false, reason: uiText('orders.noAnswer') }), ANSWER_WITHIN_MS);
      pending.current = [...pending.current, { request, timer }];
    },
    [settle],
  );
}
