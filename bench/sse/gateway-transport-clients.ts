// The index stream through a real gateway node, one measuring client per codec (docs/codecs.md): the
// JSON protocol and STOMP 1.2 on `/ws`, and Socket.IO at `/socket.io/` over WebSocket or long polling,
// each with the real client library. Counted as the other rows (transport-tally.ts): bytes from the
// client's own TCP sockets, handshakes and pings included, the same browser request headers, and each
// index entry once by its stream id. The payload is the same JSON index message in every codec.
import { Client } from '@stomp/stompjs';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import WebSocket from 'ws';
import { CountingAgent } from './counting-agent.ts';
import { BROWSER_HEADERS } from './transport-clients.ts';
import { Tally, type TransportClient } from './transport-tally.ts';

const STOMP_SUBPROTOCOL = 'v12.stomp';

/** Counts each index message of a payload: one message, or an array of them when the gateway coalesced. */
function countIndexMessages(tally: Tally, payload: unknown): void {
  for (const message of Array.isArray(payload) ? payload : [payload]) {
    if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'index' && 'id' in message && typeof message.id === 'string') tally.entry(message.id);
  }
}

function complain(transport: string, what: string): void {
  process.stderr.write(`transports: ${transport}: ${what}\n`);
}

/** The gateway's JSON protocol on `/ws`: one handshake, `subscribe` index, one text frame per entry. */
export function gatewayJsonClient(wsUrl: string): TransportClient {
  const tally = new Tally();
  tally.requests = 1;
  const socket = new WebSocket(wsUrl, { perMessageDeflate: false, headers: BROWSER_HEADERS });
  socket.on('upgrade', (res) => tally.sockets.add(res.socket));
  socket.on('open', () => socket.send(JSON.stringify({ op: 'subscribe', id: 1, channel: 'index' })));
  socket.on('message', (data) => countIndexMessages(tally, JSON.parse(data.toString())));
  socket.on('error', (error) => complain('gateway JSON', error.message));
  return {
    async stop() {
      const result = tally.result();
      socket.terminate();
      return result;
    },
  };
}

/**
 * STOMP 1.2 on `/ws` with @stomp/stompjs as an app would use it (its default heart-beats asked for,
 * so the server's 10 s heart-beats are in the bytes), CONNECT/CONNECTED and SUBSCRIBE included.
 */
export function stompClient(wsUrl: string): TransportClient {
  const tally = new Tally();
  const client = new Client({
    reconnectDelay: 0,
    webSocketFactory: () => {
      tally.requests += 1;
      const socket = new WebSocket(wsUrl, [STOMP_SUBPROTOCOL], { perMessageDeflate: false, headers: BROWSER_HEADERS });
      socket.on('upgrade', (res) => tally.sockets.add(res.socket));
      return socket;
    },
    onConnect: () => {
      client.subscribe('/topic/index', (message) => countIndexMessages(tally, JSON.parse(message.body)));
    },
    onStompError: (frame) => complain('STOMP', `ERROR ${frame.headers.message ?? ''}`),
    onWebSocketError: () => complain('STOMP', 'socket error'),
  });
  client.activate();
  return {
    async stop() {
      const result = tally.result();
      await client.deactivate({ force: true });
      return result;
    },
  };
}

/**
 * Socket.IO at `/socket.io/` with socket.io-client on one transport only: `websocket` (one upgrade
 * request, Engine.IO's handshake inside it) or `polling` (every GET poll and POST of packets is a
 * request). The client's requests and sockets go through a CountingAgent, so the bytes are its TCP
 * sockets' and the requests are those Node made. Its WebSocket offers permessage-deflate (the client's
 * default, as a browser's does; the gateway declines it): some 60 bytes once per socket.
 */
export function socketIoClient(baseUrl: string, transport: 'websocket' | 'polling'): TransportClient {
  const tally = new Tally();
  const agent = new CountingAgent(tally.sockets, { keepAlive: true });
  const options: Partial<ManagerOptions & SocketOptions> = {
    path: '/socket.io/',
    transports: [transport],
    reconnection: false,
    extraHeaders: BROWSER_HEADERS,
    // engine.io-client hands `agent` to http.request (polling) and to `ws` (WebSocket) in Node; its
    // typing (string | boolean) predates that.
    agent: agent as unknown as string,
  };
  const socket = io(baseUrl, options);
  socket.on('connect', () => {
    socket.emit('subscribe', { channel: 'index' }, (ack: unknown) => {
      if (typeof ack !== 'object' || ack === null || !('ok' in ack) || ack.ok !== true) complain(`Socket.IO ${transport}`, `subscribe refused: ${JSON.stringify(ack)}`);
    });
  });
  socket.on('index', (payload: unknown) => countIndexMessages(tally, payload));
  socket.on('connect_error', (error) => complain(`Socket.IO ${transport}`, error.message));
  return {
    async stop() {
      const result = { ...tally.result(), requests: agent.requestCount };
      socket.close();
      agent.destroy();
      return result;
    },
  };
}
