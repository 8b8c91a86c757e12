// A WebSocket client of live candles that reconnects through nginx (subscribing again), follows each
// series' newest candle and keeps every closed candle it receives. The feed closes each bucket once, whoever leads: a second closed candle
// for the same symbol, timeframe and open time is a problem if it differs from the first, or repeats it on the
// same connection. (A subscribe starts with the latest candles the gateway kept, so a reconnect may repeat
// the newest closed one, unchanged.)
import WebSocket from 'ws';
import type { Timeframe } from '../../lib/market/timeframes.ts';
import type { CandleMessage, MarketMessage } from '../../lib/protocol/messages.ts';
import { waitFor } from './wait-for.ts';

export interface CandleWatcher {
  /** Closed candles by `symbol timeframe openTime`, as first received. */
  readonly closed: Map<string, CandleMessage>;
  /** Closed candles received twice for one bucket (a correct feed sends none). */
  readonly problems: string[];
  /** The newest candle received of a series, open or closed (at one open time the closed one wins). */
  newest(symbol: string, timeframe: Timeframe): CandleMessage | undefined;
  /** Connections opened so far (the first included). */
  connections(): number;
  close(): void;
}

export interface CandleSeries {
  symbol: string;
  timeframe: Timeframe;
}

/** Subscribes to every series; resolves once every subscription is confirmed (rejects after `timeoutMs`). */
export async function watchCandles(url: string, series: readonly CandleSeries[], timeoutMs = 15_000): Promise<CandleWatcher> {
  const closed = new Map<string, CandleMessage>();
  /** The connection each closed candle last came on. */
  const closedOn = new Map<string, number>();
  const problems: string[] = [];
  const newest = new Map<string, CandleMessage>();
  let confirmed = 0;
  let connections = 0;
  let isClosed = false;
  let socket: WebSocket | undefined;

  const record = (candle: CandleMessage): void => {
    const series = `${candle.symbol} ${candle.timeframe}`;
    const kept = newest.get(series);
    if (kept === undefined || candle.openTime > kept.openTime || (candle.openTime === kept.openTime && !kept.isClosed)) newest.set(series, candle);
    if (!candle.isClosed) return;
    const key = `${candle.symbol} ${candle.timeframe} ${new Date(candle.openTime).toISOString()}`;
    const first = closed.get(key);
    if (first === undefined) {
      closed.set(key, candle);
      closedOn.set(key, connections);
      return;
    }
    const isSame = JSON.stringify(first) === JSON.stringify(candle);
    if (isSame && closedOn.get(key) !== connections) {
      closedOn.set(key, connections);
      return;
    }
    problems.push(`${key} closed twice${isSame ? ' (the same candle, on one connection)' : `: ${JSON.stringify(first)} then ${JSON.stringify(candle)}`}`);
  };
  const connect = (): void => {
    const ws = new WebSocket(url, { origin: new URL(url.replace(/^ws/, 'http')).origin });
    socket = ws;
    connections++;
    ws.on('open', () => {
      for (const { symbol, timeframe } of series) ws.send(JSON.stringify({ op: 'subscribe', channel: 'candles', symbol, timeframe }));
    });
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as MarketMessage | MarketMessage[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
        if (message.type === 'candle') record(message);
        else if (message.type === 'subscribed' && message.channel === 'candles' && connections === 1) confirmed++;
        else if (message.type === 'error') problems.push(`error ${message.code}: ${message.message}`);
      }
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', () => {
      if (!isClosed) setTimeout(connect, 50 + Math.random() * 100);
    });
  };
  connect();
  await waitFor('every candle subscription confirmed', () => confirmed >= series.length, timeoutMs).catch((error: unknown) => {
    isClosed = true;
    socket?.close();
    throw error;
  });
  return {
    closed,
    problems,
    newest: (symbol, timeframe) => newest.get(`${symbol} ${timeframe}`),
    connections: () => connections,
    close() {
      isClosed = true;
      socket?.close();
    },
  };
}
