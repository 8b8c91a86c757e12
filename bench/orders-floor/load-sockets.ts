// The load's sockets: one authenticated WebSocket per user, alternating over the gateways, each from a
// loopback source address of its own group (127.0.0.1, .2, ...), because a gateway admits at most 50
// sockets per client address and every user here connects from this machine.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import type { ReceivedMessage } from './order-tally.ts';
import { SOCKETS_PER_ADDRESS } from './floor-settings.ts';

/** The loopback address user `index` connects from. */
export function sourceAddress(index: number): string {
  return `127.0.0.${1 + Math.floor(index / SOCKETS_PER_ADDRESS)}`;
}

/** Opens one socket per token, user i on gateway i mod n; every message but the hello goes to `onMessage`. */
export async function openLoadSockets(gatewayPorts: readonly number[], tokens: readonly string[], onMessage: (message: ReceivedMessage, receivedAtMs: number) => void): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  try {
    for (const [i, token] of tokens.entries()) {
      const port = gatewayPorts[i % gatewayPorts.length];
      sockets.push(await openLoadSocket(`ws://127.0.0.1:${port}/ws`, token, sourceAddress(i), onMessage));
    }
    return sockets;
  } catch (error) {
    for (const socket of sockets) socket.terminate();
    throw error;
  }
}

async function openLoadSocket(url: string, token: string, localAddress: string, onMessage: (message: ReceivedMessage, receivedAtMs: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, localAddress });
  let isAuthenticated = false;
  let failure: Error | undefined;
  ws.on('error', (error) => {
    failure = error;
  });
  ws.on('message', (data) => {
    const now = performance.now();
    // The gateway frames what one tick holds for a socket as an array.
    const parsed = JSON.parse(data.toString()) as (ReceivedMessage & { isAuthenticated?: boolean }) | (ReceivedMessage & { isAuthenticated?: boolean })[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (message.type === 'hello') isAuthenticated = message.isAuthenticated === true;
      else onMessage(message, now);
    }
  });
  await waitFor(`an authenticated hello from ${url} (from ${localAddress})`, () => {
    if (failure !== undefined) throw failure;
    return isAuthenticated;
  }, 10_000).catch((error: unknown) => {
    ws.terminate();
    throw error;
  });
  return ws;
}
