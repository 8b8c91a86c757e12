// Attempts a WebSocket handshake and reports the HTTP status it got (101 when the socket opened).
import WebSocket from 'ws';

/** The handshake's HTTP status (and a refusal's Retry-After); the socket, if opened, is kept open and returned for the caller to close. */
export function handshakeStatus(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; retryAfter?: string; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin: options.origin, headers: options.headers });
    socket.on('unexpected-response', (_req, res) => {
      const retryAfter = res.headers['retry-after'];
      resolve({ status: res.statusCode ?? 0, ...(retryAfter === undefined ? {} : { retryAfter }) });
      res.resume();
      socket.terminate();
    });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', (error) => reject(error));
  });
}
