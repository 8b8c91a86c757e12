// A `ws` client session through the TCP recorder, with the few waits a capture needs (the next
// message that matches, the pong, the close), each bounded in time. Codec-neutral: the JSON capture
// uses it today, and a STOMP capture would open it with `['v12.stomp']` and script its own frames.
import { once } from 'node:events';
import WebSocket from 'ws';
import { waitFor } from '../lib/wait-for.ts';
import type { RecordedConnection, TcpRecorder } from './tcp-recorder.ts';

const STEP_TIMEOUT_MS = 10_000;

export interface WebSocketSession {
  readonly socket: WebSocket;
  /** The recorded TCP connection this session runs on. */
  readonly connection: RecordedConnection;
  /** Resolves with the first text message (from the start of the session) that `matches`, waiting for it if need be. */
  nextText(what: string, matches: (text: string) => boolean): Promise<string>;
  /** Sends a ping with `payload` and waits for its pong. */
  ping(payload: string): Promise<void>;
  /** Closes with `code` and `reason` and waits until the server's close has arrived and TCP is down. */
  close(code: number, reason: string): Promise<void>;
  /** Waits until the server has closed the socket by itself (its close frame answered) and TCP is down. */
  closedByServer(): Promise<void>;
}

/** Opens `ws://127.0.0.1:<recorder>/path` (offering `protocols`) and waits until it is open. */
export async function openRecordedWebSocket(recorder: TcpRecorder, path: string, protocols: string[] = []): Promise<WebSocketSession> {
  const connectionsBefore = recorder.connections.length;
  const origin = `http://127.0.0.1:${recorder.port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${recorder.port}${path}`, protocols, { origin });
  const texts: string[] = [];
  // Listened for from the start: a server that closes first must not be missed.
  const closed = once(socket, 'close');
  closed.catch(() => undefined);
  socket.on('message', (data, isBinary) => {
    if (!isBinary) texts.push(data.toString());
  });
  await Promise.race([
    once(socket, 'open'),
    once(socket, 'unexpected-response').then(([, response]) => {
      throw new Error(`the WebSocket handshake on ${path} was answered ${(response as { statusCode?: number }).statusCode}`);
    }),
  ]);
  const connection = recorder.connections[connectionsBefore];
  if (!connection) throw new Error('the WebSocket did not go through the recorder');
  return {
    socket,
    connection,
    nextText: (what, matches) => waitFor(what, () => texts.find(matches), STEP_TIMEOUT_MS),
    async ping(payload) {
      const pong = once(socket, 'pong');
      socket.ping(payload);
      await withTimeout(pong, 'the pong');
    },
    async close(code, reason) {
      if (socket.readyState !== WebSocket.OPEN) throw new Error(`the socket was already ${socket.readyState === WebSocket.CLOSING ? 'closing' : 'closed'} before the client closed it`);
      socket.close(code, reason);
      await withTimeout(closed, "the server's close frame");
      await withTimeout(connection.closed, 'the TCP connection to close');
    },
    async closedByServer() {
      await withTimeout(closed, "the server's close frame");
      await withTimeout(connection.closed, 'the TCP connection to close');
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
