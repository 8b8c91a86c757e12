// The index as STOMP 1.2 over the gateway's /ws (docs/codecs.md): @stomp/stompjs's Client offers the
// `v1x.stomp` subprotocols, CONNECTs, SUBSCRIBEs /topic/index and reconnects after a close. Its socket
// is the browser's own WebSocket opened exactly as stompjs opens it, with a tap on what goes in and
// out, so the card counts the real message bytes and the page can show the first frames verbatim.
import { Client, ReconnectionTimeMode, type IMessage } from '@stomp/stompjs';
import { recordIndexPayload } from './index-payload.ts';
import { recordStompReceived, recordStompSent, type StompRaw } from './stomp-raw.ts';
import type { TransportStats } from './transport-stats.ts';
import { utf8Bytes, wsFrameHeaderBytes } from './wire-bytes.ts';

/** The index's destination, and the header that lets the lab's drop button find this subscription. */
export const STOMP_INDEX_DESTINATION = '/topic/index';
/** stompjs's reconnect delay: doubled after each failed attempt, up to the max. */
const RECONNECT_DELAY_MS = 250;
const MAX_RECONNECT_DELAY_MS = 5000;

const decoder = new TextDecoder();

/** Starts the STOMP client; returns a stop function. */
export function startStomp(stats: TransportStats, raw: StompRaw, labId: string, url: string): () => void {
  let isStopped = false;
  const client = new Client({
    brokerURL: url,
    reconnectDelay: RECONNECT_DELAY_MS,
    reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
    maxReconnectDelay: MAX_RECONNECT_DELAY_MS,
    // What stompjs does with brokerURL (`new WebSocket(brokerURL, stompVersions.protocolVersions())`),
    // plus the tap.
    webSocketFactory: () => tapSocket(new WebSocket(url, client.stompVersions.protocolVersions())),
    onConnect: () => {
      stats.state = 'open';
      client.subscribe(STOMP_INDEX_DESTINATION, onMessage, { lab: labId });
    },
    onWebSocketClose: () => {
      if (isStopped) return;
      // stompjs schedules the reconnect itself (reconnectDelay); the card counts it, as the ws card does.
      stats.state = 'reconnecting';
      stats.reconnects += 1;
    },
  });

  function tapSocket(socket: WebSocket): WebSocket {
    stats.requests += 1;
    socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
      const { data } = event;
      const bytes = typeof data === 'string' ? utf8Bytes(data) : data.byteLength;
      stats.bytes += bytes + wsFrameHeaderBytes(bytes);
      if (raw.connected === undefined || raw.message === undefined) recordStompReceived(raw, typeof data === 'string' ? data : decoder.decode(data));
    });
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (typeof data === 'string') recordStompSent(raw, data);
      send(data);
    };
    return socket;
  }

  function onMessage(message: IMessage): void {
    recordIndexPayload(stats, JSON.parse(message.body) as unknown, Date.now());
  }

  client.activate();
  return () => {
    isStopped = true;
    stats.state = 'closed';
    void client.deactivate();
  };
}
