// A scripted stand-in for the browser's WebSocket, for tests of the live layer.
import type { SocketFactory, SocketHandlers } from '../../../lib/client/socket-factory.ts';

/** One connection attempt the code under test made. */
export interface FakeConnection {
  url: string;
  handlers: SocketHandlers;
  sent: unknown[];
  closedWith: number | undefined;
  /** The server accepts the connection. */
  open(): void;
  /** The server sends a frame (an object or an array, as JSON text). */
  receive(frame: unknown): void;
  /** The connection drops (or the attempt fails). */
  drop(code?: number): void;
}

/** A factory that records every connection attempt. */
export function fakeSockets(): { factory: SocketFactory; connections: FakeConnection[]; last(): FakeConnection } {
  const connections: FakeConnection[] = [];
  const factory: SocketFactory = (url, handlers) => {
    const connection: FakeConnection = {
      url,
      handlers,
      sent: [],
      closedWith: undefined,
      open: () => handlers.onOpen(),
      receive: (frame) => handlers.onMessage(JSON.stringify(frame)),
      drop: (code = 1006) => handlers.onClose(code, ''),
    };
    connections.push(connection);
    return {
      send: (data) => connection.sent.push(JSON.parse(data)),
      close: (code) => {
        connection.closedWith = code;
      },
    };
  };
  return {
    factory,
    connections,
    last: () => {
      const connection = connections[connections.length - 1];
      if (!connection) throw new Error('no connection was made');
      return connection;
    },
  };
}
