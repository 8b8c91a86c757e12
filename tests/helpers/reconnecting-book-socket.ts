// One book subscription over a WebSocket that, like a trader view, reconnects 50–150 ms after every
// close (through a load balancer, to whichever node) and resubscribes from the book it holds.
import WebSocket from 'ws';
import type { MarketMessage } from '../../lib/protocol/messages.ts';

export interface ReconnectingBookSocket {
  /** Stops reconnecting and closes the current connection. */
  close(): void;
}

export interface BookSocketHooks {
  /** Where to resume from: the seq and epoch of the book held, if any. */
  resumeFrom(): { seq: number; epoch: number } | undefined;
  onMessage(message: MarketMessage): void;
  /** Each connection attempt, the first included. */
  onConnect?(): void;
  /** Each close that is followed by a reconnect. */
  onDisconnect?(): void;
}

/** Opens the subscription; it reconnects until closed. */
export function openReconnectingBookSocket(url: string, subscription: { symbol: string; depth: number }, hooks: BookSocketHooks): ReconnectingBookSocket {
  let isClosed = false;
  let socket: WebSocket | undefined;
  const connect = (): void => {
    hooks.onConnect?.();
    const ws = new WebSocket(url, { origin: new URL(url.replace(/^ws/, 'http')).origin });
    socket = ws;
    ws.on('open', () => {
      const from = hooks.resumeFrom();
      const resume = from ? { resumeSeq: from.seq, resumeEpoch: from.epoch } : {};
      ws.send(JSON.stringify({ op: 'subscribe', channel: 'book', ...subscription, ...resume }));
    });
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as MarketMessage | MarketMessage[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) hooks.onMessage(message);
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', () => {
      if (isClosed) return;
      hooks.onDisconnect?.();
      setTimeout(connect, 50 + Math.random() * 100);
    });
  };
  connect();
  return {
    close() {
      isClosed = true;
      socket?.close();
    },
  };
}
