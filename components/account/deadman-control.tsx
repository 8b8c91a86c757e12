'use client';
// The dead-man's switch (`order.deadman`): off or armed with a delay, what is in force, a countdown
// while the connection is lost, and, after a reconnect, whether it fired. The state logic is
// lib/client/deadman-switch.ts; this wires it to the socket, the orders list and the tab's storage.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  DEADMAN_CHOICES,
  DEADMAN_OFF,
  describeDeadman,
  formatDelay,
  onConnectionLost,
  onDeadmanAnswer,
  onOrdersSeen,
  onReconnected,
  requestDeadman,
  restoreDeadman,
  type DeadmanState,
  type SavedDeadman,
} from '@/lib/client/deadman-switch.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useNow } from '@/components/market-data/use-now.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { ordersQuery } from './account-queries.ts';
import { useAccount, useOrders } from './use-account.ts';
import styles from './deadman-control.module.css';

/** Per tab (sessionStorage), so a reload keeps the switch it armed; other tabs and windows start off. */
const STORAGE_KEY = 'tickwire.deadman';

function loadSaved(): SavedDeadman | undefined {
  try {
    const raw = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as SavedDeadman) : undefined;
  } catch {
    return undefined;
  }
}

export function DeadmanControl() {
  const t = useTranslations('deadman');
  const say = useUiText();
  const session = useMarketSession();
  const queryClient = useQueryClient();
  const connection = useConnection();
  const orders = useOrders().data;
  const userId = useAccount().data?.userId;
  const [state, setState] = useState<DeadmanState>(DEADMAN_OFF);
  const current = useRef<DeadmanState>(DEADMAN_OFF);
  const requestCount = useRef(0);

  const update = useCallback((next: DeadmanState) => {
    current.current = next;
    setState(next);
  }, []);
  const send = useCallback((seconds: number) => session.send({ op: 'order.deadman', id: `deadman-${++requestCount.current}`, seconds }), [session]);
  const openOrderIds = useCallback((): string[] => (queryClient.getQueryData(ordersQuery.queryKey)?.open ?? []).map((o) => o.orderId), [queryClient]);

  useEffect(() => {
    // A reload is a lost connection that began when the old page left; the first open settles it and
    // shows the result (the socket starts only after the page's session check, so after this effect).
    current.current = restoreDeadman(loadSaved());
    sessionStorage.removeItem(STORAGE_KEY);
    const save = (): void => {
      const { seconds, lostAt } = current.current;
      if (seconds > 0) sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ seconds, leftAt: lostAt ?? Date.now(), openOrderIds: openOrderIds() } satisfies SavedDeadman));
    };
    window.addEventListener('pagehide', save);
    return () => window.removeEventListener('pagehide', save);
  }, [update, openOrderIds]);

  useEffect(() => {
    const stopEvents = session.onOrderEvent((event) => {
      if (event.type === 'order.deadman') update(onDeadmanAnswer(current.current, event.seconds));
    });
    const stopErrors = session.onError((error) => {
      // A refused request (e.g. RATE_LIMITED): what is in force has not changed.
      if (String(error.id ?? '').startsWith('deadman-')) update(onDeadmanAnswer(current.current, current.current.seconds));
    });
    const stopState = session.socket.onState((change) => {
      if (change.oldState === 'open' && change.newState !== 'open') update(onConnectionLost(current.current, Date.now(), openOrderIds()));
      if (change.newState === 'open' && change.oldState !== 'open') {
        const settled = onReconnected(current.current, Date.now());
        update(settled.state);
        if (settled.send !== undefined) send(settled.send);
      }
    });
    return () => {
      stopEvents();
      stopErrors();
      stopState();
    };
  }, [session, update, send, openOrderIds]);

  // The orders refetched after a reconnect tell whether the switch cancelled anything (checked again
  // when the reconnect ends the loss: a refetch while still offline may already hold the answer).
  const isLost = state.lostAt !== undefined;
  useEffect(() => {
    if (orders && !isLost) update(onOrdersSeen(current.current, orders.recent));
  }, [orders, isLost, update]);

  // Another account (signed out): its switch is its own; leave this one's off.
  const lastUserId = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (userId === undefined) return;
    const previous = lastUserId.current;
    lastUserId.current = userId;
    if (previous === undefined || previous === userId) return;
    if (current.current.seconds > 0 || current.current.pending !== undefined) send(0);
    update(DEADMAN_OFF);
  }, [userId, send, update]);

  const now = useNow(state.lostAt !== undefined, 250);
  const { tone, text, notice } = describeDeadman(state, now);
  const canSend = connection.state === 'open' && connection.isAuthenticated;
  const selected = state.pending ?? state.seconds;
  const choose = (seconds: number): void => {
    if (send(seconds)) update(requestDeadman(current.current, seconds));
  };

  return (
    <div className={styles.deadman} data-testid="deadman" data-tone={tone} data-seconds={state.seconds}>
      <span className={styles.label} id="deadman-label" title={t('title')}>
        {t('label')}
      </span>
      <div className={styles.choices} role="group" aria-labelledby="deadman-label">
        {[0, ...DEADMAN_CHOICES].map((seconds) => (
          <button key={seconds} type="button" className={styles.choice} aria-pressed={selected === seconds} disabled={!canSend} onClick={() => choose(seconds)} data-testid={`deadman-${seconds}`}>
            {seconds === 0 ? t('off') : say(formatDelay(seconds))}
          </button>
        ))}
      </div>
      <span className={styles.status} data-testid="deadman-status" role="status">
        {say(text)}
      </span>
      {notice && (
        <span className={styles.notice} data-testid="deadman-notice" role="alert">
          {say(notice)}
        </span>
      )}
    </div>
  );
}
