// A WebSocket client that subscribes to one book and keeps it exact: rebuilds it from the snapshot,
// applies every delta, and records any gap or checksum mismatch it sees.
import WebSocket from 'ws';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { waitFor } from './wait-for.ts';

export interface BookWatcher {
  readonly socket: WebSocket;
  readonly messages: MarketMessage[];
  replica(): BookReplica | undefined;
  /** Gaps and checksum mismatches seen (a correct gateway sends none). */
  readonly problems: string[];
  close(): void;
}

/** Connects to a gateway URL (ws://host:port/ws) and subscribes to a book. */
export async function watchBook(url: string, symbol: string, options: { origin?: string; depth?: number } = {}): Promise<BookWatcher> {
  const socket = new WebSocket(url, { origin: options.origin ?? new URL(url.replace(/^ws/, 'http')).origin });
  const messages: MarketMessage[] = [];
  const problems: string[] = [];
  let replica: BookReplica | undefined;
  socket.on('error', (error) => problems.push(`socket error: ${error.message}`));
  socket.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as MarketMessage | MarketMessage[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      messages.push(message);
      if (message.type === 'book.snapshot' && message.symbol === symbol) {
        const result = bookFromSnapshot(message);
        replica = result.status === 'ok' ? result.replica : undefined;
        if (result.status !== 'ok') problems.push(`snapshot ${result.status}`);
      } else if (message.type === 'book.delta' && message.symbol === symbol && replica) {
        const result = applyDelta(replica, message);
        if (result.status !== 'ok') problems.push(`delta ${message.seq}: ${result.status}`);
      }
    }
  });
  await waitFor('socket open', () => socket.readyState === WebSocket.OPEN || (socket.readyState === WebSocket.CLOSED && Promise.reject(new Error('closed before open'))), 10_000);
  socket.send(JSON.stringify({ op: 'subscribe', channel: 'book', symbol, depth: options.depth ?? 50 }));
  return { socket, messages, problems, replica: () => replica, close: () => socket.close() };
}
