// A benchmark client's authenticated socket, bound to a source address of its own.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ErrorMessage } from '../../lib/protocol/messages.ts';
import type { OrderEvent } from '../../lib/protocol/order-events.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';

/** What a trading socket hears that the benchmark counts. */
export type Incoming = OrderEvent | ErrorMessage;

/** Opens the socket with the session's Bearer token from `localAddress` (on Linux all of 127.0.0.0/8 is loopback); resolves once signed in. */
export async function openBoundSocket(url: string, token: string, localAddress: string, onMessage: (message: Incoming, atMs: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, localAddress });
  let isAuthenticated = false;
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    const now = performance.now();
    const parsed = JSON.parse(data.toString()) as (Incoming | { type: 'hello'; isAuthenticated: boolean })[] | Incoming;
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (message.type === 'hello') isAuthenticated = message.isAuthenticated;
      else onMessage(message, now);
    }
  });
  await waitFor('authenticated hello', () => isAuthenticated, 10_000);
  return ws;
}
