// The one place that touches the browser's WebSocket, behind a small interface tests can fake.

/** What a connection tells its owner. `onClose` fires exactly once per socket, also after a failed connect. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

/** An open or opening connection. */
export interface SocketHandle {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens a connection to `url` and reports to `handlers`. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

/** The browser's WebSocket. */
export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event: MessageEvent) => handlers.onMessage(event.data);
  socket.onclose = (event: CloseEvent) => handlers.onClose(event.code, event.reason);
  // An error is always followed by a close event, which is where reconnecting starts.
  socket.onerror = () => undefined;
  return {
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
  };
};

/** The gateway's URL for a page: the configured public URL, else `/ws` on the page's own origin. */
export function gatewayUrlFor(location: { protocol: string; host: string }, publicGatewayUrl?: string): string {
  if (publicGatewayUrl) return publicGatewayUrl;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
