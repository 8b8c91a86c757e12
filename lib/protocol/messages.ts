// The WebSocket wire protocol: zod schemas for every client request, types for every server message.
// Shared by the gateway and the browser; validated at the gateway's edge.
import { z } from 'zod';
import type { Candle } from '../market/candle.ts';
import type { ErrorCode } from './codes.ts';
import type { Hops } from './hops.ts';
import type { IndexTick } from './index-tick.ts';
import { streamIdSchema } from './stream-id.ts';

export const TIMEFRAME_VALUES = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAME_VALUES)[number];

/** A price level on the wire: [price, size] as decimal strings; size "0" removes the level. */
export type Level = [price: string, size: string];

const requestId = z.union([z.string().max(64), z.number().int()]).optional();
const symbol = z.string().min(1).max(16);

const bookSubscribe = z.strictObject({
  op: z.literal('subscribe'),
  id: requestId,
  channel: z.literal('book'),
  symbol,
  /** Levels a side; rounded up to the gateway's next depth bucket (10, 25, 50, 100, 200). */
  depth: z.number().int().min(1).max(200).default(50),
  /**
   * Resume after this sequence of this epoch (the last delta the client applied, at the same depth):
   * the gateway replays the later deltas if it still holds them and the feed's epoch is the same,
   * else sends a snapshot. Without `resumeEpoch` there is no replay.
   */
  resumeSeq: z.number().int().nonnegative().optional(),
  resumeEpoch: z.number().int().positive().optional(),
  /** Ask for hop times: each live delta then carries `hops` (lib/protocol/hops.ts), about 50 bytes more. */
  timing: z.boolean().optional(),
});
const tradesSubscribe = z.strictObject({
  op: z.literal('subscribe'),
  id: requestId,
  channel: z.literal('trades'),
  symbol,
  /** Resume after this trade id (the last trade the client applied): the missed trades the feed still keeps are replayed first. */
  resumeAfter: streamIdSchema.optional(),
});
const candlesSubscribe = z.strictObject({
  op: z.literal('subscribe'),
  id: requestId,
  channel: z.literal('candles'),
  symbol,
  timeframe: z.enum(TIMEFRAME_VALUES),
  /**
   * The open time (ms) of the newest bar the client has: the gateway first sends the closed candles it
   * keeps from that bar on, then the open one. Without it, the newest closed candle and the open one.
   */
  resumeFrom: z.number().int().nonnegative().optional(),
});
/** A lab page's id: lets `POST /api/lab/drop` find that page's own connections on every node. */
export const labIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _');
/** The composite index as a WebSocket stream (the transport lab compares it with SSE and polling). */
const indexSubscribe = z.strictObject({
  op: z.literal('subscribe'),
  id: requestId,
  channel: z.literal('index'),
  lab: labIdSchema.optional(),
  /** Resume after this index id (the last tick the client applied; SSE's event id): the missed ticks the stream still keeps are replayed first. */
  resumeAfter: streamIdSchema.optional(),
  /** Ask for hop times: each live tick then carries `hops` (lib/protocol/hops.ts), as the SSE index's `timing=1` does. */
  timing: z.boolean().optional(),
});
/** The name the index subscription is replied with, in the `symbol` field every subscription carries. */
export const INDEX_SYMBOL = 'INDEX';
const unsubscribe = z.strictObject({
  op: z.literal('unsubscribe'),
  id: requestId,
  channel: z.enum(['book', 'trades', 'candles']),
  symbol,
  timeframe: z.enum(TIMEFRAME_VALUES).optional(),
});
const ping = z.strictObject({ op: z.literal('ping'), id: requestId, ts: z.number().optional() });

const subscribe = z.discriminatedUnion('channel', [bookSubscribe, tradesSubscribe, candlesSubscribe, indexSubscribe]);

/** Every market-data request a client may send; discriminated by `op`, then `channel`, so an error names the bad field. */
export const marketRequestSchema = z.discriminatedUnion('op', [subscribe, unsubscribe, ping]);
export type MarketRequest = z.infer<typeof marketRequestSchema>;
export type SubscribeRequest = Extract<MarketRequest, { op: 'subscribe' }>;
export type BookSubscribeRequest = Extract<SubscribeRequest, { channel: 'book' }>;
export type TradesSubscribeRequest = Extract<SubscribeRequest, { channel: 'trades' }>;
export type CandlesSubscribeRequest = Extract<SubscribeRequest, { channel: 'candles' }>;
export type IndexSubscribeRequest = Extract<SubscribeRequest, { channel: 'index' }>;
export type UnsubscribeRequest = Extract<MarketRequest, { op: 'unsubscribe' }>;
export type PingRequest = Extract<MarketRequest, { op: 'ping' }>;
/** The channels a client can subscribe to. */
export type MarketChannel = SubscribeRequest['channel'];

/** The ops the gateway knows, to tell "unknown op" from "bad fields". */
export const MARKET_OPS = ['subscribe', 'unsubscribe', 'ping'] as const;

export interface BookSnapshotMessage {
  type: 'book.snapshot';
  symbol: string;
  /** The feed's sequence run: a message of another epoch never continues this book (docs/protocol.md). */
  epoch: number;
  seq: number;
  ts: number;
  bids: Level[];
  asks: Level[];
  checksum: number;
}

export interface BookDeltaMessage {
  type: 'book.delta';
  symbol: string;
  epoch: number;
  seq: number;
  ts: number;
  bids: Level[];
  asks: Level[];
  checksum: number;
  /** Only on a subscription with `timing: true`, on deltas sent live: [feed ts, gateway read, gateway write] (docs/protocol.md). */
  hops?: Hops;
}

/** The book can't be trusted right now (broker outage or resync); a snapshot follows when it can. */
export interface BookStaleMessage {
  type: 'book.stale';
  symbol: string;
  reason: string;
}

export interface TradeMessage {
  type: 'trade';
  symbol: string;
  /** The trade's entry id in the feed's trades stream (`<ms>-<n>`): unique and ordered across feed restarts and failovers. */
  id: string;
  price: string;
  size: string;
  side: 'buy' | 'sell';
  ts: number;
}

/** One entry of the index stream, forwarded as the feed wrote it, with its stream id (the same id SSE sends). */
export type IndexMessage = { type: 'index'; id: string } & IndexTick;

/** A live or closed candle: the market candle with its message type. */
export interface CandleMessage extends Candle {
  type: 'candle';
}

export interface HelloMessage {
  type: 'hello';
  node: string;
  /** Whether this socket is authenticated for trading. */
  isAuthenticated: boolean;
  /** The session's user, on an authenticated socket. */
  userId?: string;
}

export interface SubscribedMessage {
  type: 'subscribed' | 'unsubscribed';
  id?: string | number;
  channel: MarketChannel;
  symbol: string;
  timeframe?: Timeframe;
  /** Book only: the depth actually served (the requested depth rounded up to a bucket). */
  depth?: number;
  /**
   * On a resume: how many missed book deltas, trades or index ticks follow (0 = already current). A book
   * without it gets a snapshot instead; trades and the index without `resumeAfter` have none.
   */
  replayed?: number;
}

/** Transport lab: the real handshake of this socket, as the gateway received and answered it (credentials redacted). */
export interface LabHandshakeMessage {
  type: 'lab.handshake';
  requestLine: string;
  /** Request headers in the order received. */
  request: [name: string, value: string][];
  /** The response head as sent: status line, then `Name: value` lines. */
  response: string[];
}

export interface PongMessage {
  type: 'pong';
  id?: string | number;
  /** Echo of the client's ts, for round-trip time. */
  ts?: number;
  serverTs: number;
}

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  id?: string | number;
  /** How long to wait before sending the op again (an order op over its budget, or refused by a full queue). */
  retryAfterMs?: number;
}

/** Every market-data message the gateway sends. Under load one frame may carry an array of them, in order. */
export type MarketMessage =
  | BookSnapshotMessage
  | BookDeltaMessage
  | BookStaleMessage
  | TradeMessage
  | CandleMessage
  | IndexMessage
  | LabHandshakeMessage
  | HelloMessage
  | SubscribedMessage
  | PongMessage
  | ErrorMessage;
