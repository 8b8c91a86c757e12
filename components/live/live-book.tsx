'use client';
// A live top-of-book ladder over the WebSocket gateway: snapshot, then sequenced deltas verified by checksum.
import { useEffect, useState } from 'react';
import { applyDelta, bookFromSnapshot, type BookReplica } from '@/lib/market/book-replica';
import { ticksToPrice, lotsToSize } from '@/lib/market/decimal';
import type { BookDeltaMessage, BookSnapshotMessage, MarketMessage } from '@/lib/protocol/messages';
import styles from './live.module.css';

type Status = 'connecting' | 'live' | 'resyncing' | 'reconnecting';
type View = { bids: [string, string][]; asks: [string, string][]; seq: number };

const DEPTH = 10;

export function LiveBook({ symbol, gatewayUrl }: { symbol: string; gatewayUrl?: string }) {
  const [view, setView] = useState<View | null>(null);
  const [status, setStatus] = useState<Status>('connecting');

  useEffect(() => {
    let socket: WebSocket | undefined;
    let replica: BookReplica | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let isDisposed = false;
    let frame = 0;

    const render = (): void => {
      frame = 0;
      if (!replica) return;
      const inst = replica.instrument;
      const toWire = (levels: readonly (readonly [number, number])[]) => levels.map(([p, q]) => [ticksToPrice(p, inst), lotsToSize(q, inst)] as [string, string]);
      setView({ bids: toWire(replica.book.top('bid', DEPTH)), asks: toWire(replica.book.top('ask', DEPTH)), seq: replica.seq });
    };
    const subscribe = (): void => socket?.send(JSON.stringify({ op: 'subscribe', channel: 'book', symbol, depth: DEPTH }));
    const onMessage = (message: MarketMessage): void => {
      if (message.type === 'book.snapshot') return onSnapshot(message);
      if (message.type === 'book.delta') return onDelta(message);
      if (message.type === 'book.stale') setStatus('resyncing');
    };
    const onSnapshot = (message: BookSnapshotMessage): void => {
      const result = bookFromSnapshot(message);
      replica = result.status === 'ok' ? result.replica : undefined;
      setStatus(replica ? 'live' : 'resyncing');
      schedule();
    };
    const onDelta = (message: BookDeltaMessage): void => {
      if (!replica) return;
      const result = applyDelta(replica, message);
      if (result.status === 'ok' || result.status === 'stale') return schedule();
      // A gap or a checksum mismatch: never show that book; ask for a fresh snapshot.
      replica = undefined;
      setStatus('resyncing');
      socket?.send(JSON.stringify({ op: 'unsubscribe', channel: 'book', symbol }));
      subscribe();
    };
    // Apply many deltas, draw once per animation frame.
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(render);
    };
    const connect = (): void => {
      const url = gatewayUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        attempt = 0;
        subscribe();
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        const parsed = JSON.parse(event.data) as MarketMessage | MarketMessage[];
        for (const message of Array.isArray(parsed) ? parsed : [parsed]) onMessage(message);
      };
      socket.onclose = () => {
        replica = undefined;
        if (isDisposed) return;
        setStatus('reconnecting');
        // Exponential backoff with full jitter.
        const delay = Math.random() * Math.min(10_000, 250 * 2 ** attempt++);
        retryTimer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      isDisposed = true;
      clearTimeout(retryTimer);
      cancelAnimationFrame(frame);
      socket?.close();
    };
  }, [symbol, gatewayUrl]);

  const bestBid = view?.bids[0]?.[0];
  const bestAsk = view?.asks[0]?.[0];
  return (
    <div className={styles.panel} data-testid="live-book">
      <div className={styles.panelHeader}>
        <h2>{symbol} order book</h2>
        <span className={styles.status} data-status={status}>
          WebSocket · {status}
        </span>
      </div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Price</th>
            <th>Size</th>
          </tr>
        </thead>
        <tbody>
          {[...(view?.asks ?? [])].reverse().map(([price, size]) => (
            <tr key={`a${price}`}>
              <td className={`num ${styles.ask}`}>{price}</td>
              <td className="num">{size}</td>
            </tr>
          ))}
          <tr>
            <td colSpan={2} className={styles.spread}>
              <span data-testid="best-bid">{bestBid ?? '—'}</span> / <span data-testid="best-ask">{bestAsk ?? '—'}</span> · seq{' '}
              <span data-testid="book-seq">{view?.seq ?? '—'}</span>
            </td>
          </tr>
          {(view?.bids ?? []).map(([price, size]) => (
            <tr key={`b${price}`}>
              <td className={`num ${styles.bid}`}>{price}</td>
              <td className="num">{size}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
