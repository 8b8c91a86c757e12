'use client';
// Runs the six transports for the lifetime of the lab page and re-renders twice a second.
import { useEffect, useRef, useState } from 'react';
import type { DropEpoch } from '@/lib/protocol/lab-drop-epoch.ts';
import { createIndexHops, type IndexHops } from '@/lib/client/lab/book-hops.ts';
import { startPolling } from '@/lib/client/lab/poll-transports.ts';
import { gatewaySocketIoOrigin, gatewayWsUrl } from '@/lib/client/lab/gateway-origin.ts';
import { createSocketIoRaw, type SocketIoRaw } from '@/lib/client/lab/socketio-raw.ts';
import { startSocketIo } from '@/lib/client/lab/socketio-transport.ts';
import { startSse } from '@/lib/client/lab/sse-transport.ts';
import { createStompRaw, type StompRaw } from '@/lib/client/lab/stomp-raw.ts';
import { startStomp } from '@/lib/client/lab/stomp-transport.ts';
import { createStats, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import { startWs, type WsListener } from '@/lib/client/lab/ws-transport.ts';

const RENDER_EVERY_MS = 500;

/** What the page reads on each render: the counters, and the first raw frames of the codecs. */
export interface LabTransports {
  /** The transports' live stats, in the order the page shows them. */
  stats: TransportStats[];
  stomp: StompRaw;
  socketio: SocketIoRaw;
  /** The pushed transports' hop times (each asks for them). */
  hops: IndexHops;
}

/** Starts the transports; their mutable stats are read, not pushed, so a busy stream renders no more often. */
export function useLabTransports(labId: string, dropEpoch: DropEpoch, gatewayUrl: string | undefined, listener: WsListener): LabTransports {
  const [lab] = useState<LabTransports>(() => ({
    stats: [createStats('poll'), createStats('longpoll'), createStats('sse'), createStats('ws'), createStats('stomp'), createStats('socketio')],
    stomp: createStompRaw(),
    socketio: createSocketIoRaw(),
    hops: createIndexHops(),
  }));
  const listenerRef = useRef(listener);
  const [, setFrame] = useState(0);
  useEffect(() => {
    listenerRef.current = listener;
  });
  useEffect(() => {
    const [poll, longpoll, sse, ws, stomp, socketio] = lab.stats;
    if (!poll || !longpoll || !sse || !ws || !stomp || !socketio) return;
    const url = gatewayWsUrl(gatewayUrl, location);
    const stops = [
      startPolling(poll, 'poll', labId, dropEpoch),
      startPolling(longpoll, 'longpoll', labId, dropEpoch),
      startSse(sse, labId, lab.hops.recorders.sse),
      startWs(ws, labId, url, { onMessage: (m) => listenerRef.current.onMessage(m), onClose: (code) => listenerRef.current.onClose?.(code) }, lab.hops),
      startStomp(stomp, lab.stomp, labId, url, lab.hops),
      startSocketIo(socketio, lab.socketio, labId, gatewaySocketIoOrigin(gatewayUrl, location), lab.hops),
    ];
    const timer = setInterval(() => setFrame((n) => n + 1), RENDER_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const stop of stops) stop();
    };
  }, [lab, labId, dropEpoch, gatewayUrl]);
  return lab;
}
