// What each validated client request does; every reply echoes the request's id.
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { candlesChannel, INDEX_STREAM, tradesStream } from '../../../lib/protocol/channels.ts';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import {
  INDEX_SYMBOL,
  type BookSubscribeRequest,
  type CandlesSubscribeRequest,
  type IndexSubscribeRequest,
  type SubscribeRequest,
  type SubscribedMessage,
  type TradesSubscribeRequest,
  type UnsubscribeRequest,
} from '../../../lib/protocol/messages.ts';
import { bucketFor } from '../fanout/depth-buckets.ts';
import type { StartPlan } from '../fanout/depth-view.ts';
import type { ExpectedShape } from '../ingest/passthrough-hub.ts';
import { routeOrder } from './order-routing.ts';
import type { ClientRequest } from './parse-client-frame.ts';
import type { RequestClient } from './request-client.ts';
import type { RequestDeps } from './request-deps.ts';

/** Runs one request for a client. */
export function handleRequest(client: RequestClient, request: ClientRequest, deps: RequestDeps): void {
  switch (request.op) {
    case 'ping':
      return client.reply({ type: 'pong', ...withId(request.id), ...(request.ts === undefined ? {} : { ts: request.ts }), serverTs: Date.now() });
    case 'subscribe':
      return handleSubscribe(client, request, deps);
    case 'unsubscribe':
      return handleUnsubscribe(client, request);
    case 'order.place':
    case 'order.cancel':
    case 'order.amend':
    case 'order.cancelAll':
    case 'order.deadman':
      return routeOrder(client, request, deps);
  }
}

/** The key of a subscription within one session: one per book symbol, trades symbol, or candles symbol and timeframe. */
export function subscriptionKey(channel: string, symbol: string, timeframe?: string): string {
  return timeframe === undefined ? `${channel}:${symbol}` : `${channel}:${symbol}:${timeframe}`;
}

/** The key a subscribe request is held under: a second request for the same key replaces the first. */
export function keyOfSubscribe(request: SubscribeRequest): string {
  if (request.channel === 'index') return subscriptionKey('index', INDEX_SYMBOL);
  return subscriptionKey(request.channel, request.symbol, request.channel === 'candles' ? request.timeframe : undefined);
}

function handleSubscribe(client: RequestClient, request: SubscribeRequest, deps: RequestDeps): void {
  if (request.channel !== 'index' && !isKnownSymbol(request.symbol)) return client.replyError(ERROR_CODES.UNKNOWN_SYMBOL, `unknown symbol ${request.symbol}`, request.id);
  const key = keyOfSubscribe(request);
  const { maxSubscriptions } = deps.options;
  if (!client.subscriptions.has(key) && client.subscriptions.size >= maxSubscriptions) {
    return client.replyError(ERROR_CODES.TOO_MANY_SUBSCRIPTIONS, `at most ${maxSubscriptions} subscriptions per connection`, request.id);
  }
  // Subscribing again replaces the old subscription (a new depth, or a resume after a detected gap).
  if (request.channel === 'index') subscribeIndex(client, request);
  else if (request.channel === 'book') subscribeBook(client, request, key, deps);
  else if (request.channel === 'trades') subscribeStream(client, request, key, tradesStream(request.symbol), { type: 'trade', symbol: request.symbol });
  else subscribeCandles(client, request, key);
  for (const extension of deps.extensions) extension.onSubscribed?.(client, request);
}

// The index stream's entries, each forwarded with its stream id (SSE's event id); one tail per node like the other forwards.
function subscribeIndex(client: RequestClient, request: IndexSubscribeRequest): void {
  subscribeStream(client, request, subscriptionKey('index', INDEX_SYMBOL), INDEX_STREAM, { type: 'index' });
}

// A stream's live tail (trades, the index); with `resumeAfter`, the entries after it are replayed first
// (reply, then them). The index may ask for hop times on its live ticks.
function subscribeStream(client: RequestClient, request: TradesSubscribeRequest | IndexSubscribeRequest, key: string, name: string, expected: ExpectedShape): void {
  const symbol = request.channel === 'index' ? INDEX_SYMBOL : request.symbol;
  const timed = request.channel === 'index' && request.timing === true;
  const reply = (replayed?: number): void => client.reply({ ...subscribed('subscribed', request.id, request.channel, symbol), ...(replayed === undefined ? {} : { replayed }) });
  if (request.resumeAfter === undefined) {
    client.subscriptions.addForward(key, name, expected, undefined, timed);
    return reply();
  }
  client.subscriptions.addForward(key, name, expected, { kind: 'resume', afterId: request.resumeAfter, announce: reply }, timed);
}

// Live candles, after the latest ones the node kept: an open bar is only published when it changes, so a
// client back from a drop would otherwise keep a stale bar until the next trade (or the bucket's close).
function subscribeCandles(client: RequestClient, request: CandlesSubscribeRequest, key: string): void {
  const expected: ExpectedShape = { type: 'candle', symbol: request.symbol, timeframe: request.timeframe };
  const reply = (): void => client.reply(subscribed('subscribed', request.id, 'candles', request.symbol, request.timeframe));
  client.subscriptions.addForward(key, candlesChannel(request.symbol, request.timeframe), expected, { kind: 'latest', fromOpenTime: request.resumeFrom, announce: reply });
}

function subscribeBook(client: RequestClient, request: BookSubscribeRequest, key: string, deps: RequestDeps): void {
  const depth = bucketFor(request.depth, deps.options.depthBuckets);
  const announce = (plan: StartPlan): void => {
    const message = subscribed('subscribed', request.id, 'book', request.symbol);
    message.depth = depth;
    if (plan.kind === 'replay') message.replayed = plan.count;
    client.reply(message);
  };
  const { resumeSeq: seq, resumeEpoch: epoch } = request;
  client.subscriptions.addBook(key, request.symbol, depth, seq !== undefined && epoch !== undefined ? { epoch, seq } : undefined, announce, request.timing === true);
}

function handleUnsubscribe(client: RequestClient, request: UnsubscribeRequest): void {
  if (!isKnownSymbol(request.symbol)) return client.replyError(ERROR_CODES.UNKNOWN_SYMBOL, `unknown symbol ${request.symbol}`, request.id);
  if (request.channel === 'candles' && request.timeframe === undefined) {
    return client.replyError(ERROR_CODES.BAD_MESSAGE, 'timeframe: required to unsubscribe from candles', request.id);
  }
  const timeframe = request.channel === 'candles' ? request.timeframe : undefined;
  const key = subscriptionKey(request.channel, request.symbol, timeframe);
  if (!client.subscriptions.remove(key)) return client.replyError(ERROR_CODES.NOT_SUBSCRIBED, `not subscribed to ${key}`, request.id);
  client.reply(subscribed('unsubscribed', request.id, request.channel, request.symbol, timeframe));
}

function subscribed(
  type: SubscribedMessage['type'],
  id: string | number | undefined,
  channel: SubscribedMessage['channel'],
  symbol: string,
  timeframe?: SubscribedMessage['timeframe'],
): SubscribedMessage {
  return { type, ...withId(id), channel, symbol, ...(timeframe === undefined ? {} : { timeframe }) };
}

function withId(id: string | number | undefined): { id?: string | number } {
  return id === undefined ? {} : { id };
}
