'use client';
// Runs the four transports for the lifetime of the lab page and re-renders twice a second.
import { useEffect, useRef, useState } from 'react';
import type { DropEpoch } from '@/lib/protocol/lab-drop-epoch.ts';
import { startPolling } from '@/lib/client/lab/poll-transports.ts';
import { startSse } from '@/lib/client/lab/sse-transport.ts';
import { createStats, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import { startWs, type WsListener } from '@/lib/client/lab/ws-transport.ts';

const RENDER_EVERY_MS = 500;

/** The four transports' live stats, in the order the page shows them. */
export function useLabTransports(labId: string, dropEpoch: DropEpoch, gatewayUrl: string | undefined, listener: WsListener): TransportStats[] {
  const [stats] = useState(() => [createStats('poll'), createStats('longpoll'), createStats('sse'), createStats('ws')]);
  const listenerRef = useRef(listener);
  const [, setFrame] = useState(0);
  useEffect(() => {
    listenerRef.current = listener;
  });
  useEffect(() => {
    const [poll, longpoll, sse, ws] = stats;
    if (!poll || !longpoll || !sse || !ws) return;
    const url = gatewayUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const stops = [
      startPolling(poll, 'poll', labId, dropEpoch),
      startPolling(longpoll, 'longpoll', labId, dropEpoch),
      startSse(sse, labId),
      startWs(ws, labId, url, { onMessage: (m) => listenerRef.current.onMessage(m), onClose: (code) => listenerRef.current.onClose?.(code) }),
    ];
    const timer = setInterval(() => setFrame((n) => n + 1), RENDER_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const stop of stops) stop();
    };
  }, [stats, labId, dropEpoch, gatewayUrl]);
  return stats;
}
