// Attempts a WebSocket handshake and reports the HTTP status it got (101 when the socket opened).
import WebSocket from 'ws';

/** The handshake's HTTP status; the socket, if opened, is kept open and returned for the caller to close. */
export function handshakeStatus(url: string, options: { origin?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin: options.origin, headers: options.headers });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', (error) => reject(error));
  });
}
