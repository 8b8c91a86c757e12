// What each validated client request does; every reply echoes the request's id.
import { isKnownSymbol } from '../../../lib/market/instruments.ts';
import { candlesChannel, INDEX_STREAM, tradesChannel } from '../../../lib/protocol/channels.ts';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import { INDEX_SYMBOL, type BookSubscribeRequest, type IndexSubscribeRequest, type SubscribeRequest, type SubscribedMessage, type UnsubscribeRequest } from '../../../lib/protocol/messages.ts';
import { BookSubscription } from '../fanout/book-subscription.ts';
import type { ClientSession, SessionSubscription } from '../connection/client-session.ts';
import { bucketFor } from '../fanout/depth-buckets.ts';
import type { StartPlan } from '../fanout/depth-view.ts';
import { routeOrder } from './order-routing.ts';
import type { ClientRequest } from './parse-client-frame.ts';
import type { ExpectedShape } from '../ingest/passthrough-hub.ts';

/** Runs one request for a session. */
export function handleRequest(session: ClientSession, request: ClientRequest): void {
  switch (request.op) {
    case 'ping':
      return session.reply({ type: 'pong', ...withId(request.id), ...(request.ts === undefined ? {} : { ts: request.ts }), serverTs: Date.now() });
    case 'subscribe':
      return handleSubscribe(session, request);
    case 'unsubscribe':
      return handleUnsubscribe(session, request);
    case 'order.place':
    case 'order.cancel':
    case 'order.cancelAll':
    case 'order.deadman':
      return routeOrder(session, request);
  }
}

/** The key of a subscription within one session: one per book symbol, trades symbol, or candles symbol and timeframe. */
export function subscriptionKey(channel: string, symbol: string, timeframe?: string): string {
  return timeframe === undefined ? `${channel}:${symbol}` : `${channel}:${symbol}:${timeframe}`;
}

function handleSubscribe(session: ClientSession, request: SubscribeRequest): void {
  if (request.channel === 'index') return subscribeIndex(session, request);
  if (!isKnownSymbol(request.symbol)) return session.replyError(ERROR_CODES.UNKNOWN_SYMBOL, `unknown symbol ${request.symbol}`, request.id);
  const timeframe = request.channel === 'candles' ? request.timeframe : undefined;
  const key = subscriptionKey(request.channel, request.symbol, timeframe);
  const existing = session.subscriptions.get(key);
  if (!existing && session.subscriptions.size >= session.context.options.maxSubscriptions) {
    return session.replyError(ERROR_CODES.TOO_MANY_SUBSCRIPTIONS, `at most ${session.context.options.maxSubscriptions} subscriptions per connection`, request.id);
  }
  // Subscribing again replaces the old subscription (a new depth, or a resume after a detected gap).
  if (existing) session.release(existing);
  if (request.channel === 'book') return subscribeBook(session, request, key);
  const name = request.channel === 'trades' ? tradesChannel(request.symbol) : candlesChannel(request.symbol, request.timeframe);
  const expected: ExpectedShape = { type: request.channel === 'trades' ? 'trade' : 'candle', symbol: request.symbol, timeframe };
  const target = { send: session.outbox.send.bind(session.outbox) };
  const entry: SessionSubscription = { kind: 'forward', name, target };
  session.subscriptions.set(key, entry);
  session.context.forwards.add(name, expected, target);
  session.reply(subscribed('subscribed', request.id, request.channel, request.symbol, timeframe));
}

// The index stream's entries, each forwarded with its stream id; one tail per node like the other forwards.
function subscribeIndex(session: ClientSession, request: IndexSubscribeRequest): void {
  const key = subscriptionKey('index', INDEX_SYMBOL);
  const existing = session.subscriptions.get(key);
  if (!existing && session.subscriptions.size >= session.context.options.maxSubscriptions) {
    return session.replyError(ERROR_CODES.TOO_MANY_SUBSCRIPTIONS, `at most ${session.context.options.maxSubscriptions} subscriptions per connection`, request.id);
  }
  if (existing) session.release(existing);
  const target = { send: session.outbox.send.bind(session.outbox) };
  session.subscriptions.set(key, { kind: 'forward', name: INDEX_STREAM, target });
  session.context.forwards.add(INDEX_STREAM, { type: 'index' }, target);
  session.reply(subscribed('subscribed', request.id, 'index', INDEX_SYMBOL));
  if (request.lab !== undefined) session.context.labs.watch(session, request.lab);
}

function subscribeBook(session: ClientSession, request: BookSubscribeRequest, key: string): void {
  const depth = bucketFor(request.depth, session.context.options.depthBuckets);
  const sub = new BookSubscription(request.symbol, depth, session.outbox);
  session.subscriptions.set(key, { kind: 'book', sub });
  const announce = (plan: StartPlan): void => {
    const message = subscribed('subscribed', request.id, 'book', request.symbol);
    message.depth = depth;
    if (plan.kind === 'replay') message.replayed = plan.count;
    session.reply(message);
  };
  const { resumeSeq: seq, resumeEpoch: epoch } = request;
  session.context.books.add(sub, seq !== undefined && epoch !== undefined ? { epoch, seq } : undefined, announce);
  // Joining while the socket is congested: start conflated, the snapshot follows the drain.
  if (session.outbox.isCongested) sub.conflate();
}

function handleUnsubscribe(session: ClientSession, request: UnsubscribeRequest): void {
  if (!isKnownSymbol(request.symbol)) return session.replyError(ERROR_CODES.UNKNOWN_SYMBOL, `unknown symbol ${request.symbol}`, request.id);
  if (request.channel === 'candles' && request.timeframe === undefined) {
    return session.replyError(ERROR_CODES.BAD_MESSAGE, 'timeframe: required to unsubscribe from candles', request.id);
  }
  const timeframe = request.channel === 'candles' ? request.timeframe : undefined;
  const key = subscriptionKey(request.channel, request.symbol, timeframe);
  const entry = session.subscriptions.get(key);
  if (!entry) return session.replyError(ERROR_CODES.NOT_SUBSCRIBED, `not subscribed to ${key}`, request.id);
  session.subscriptions.delete(key);
  session.release(entry);
  session.reply(subscribed('unsubscribed', request.id, request.channel, request.symbol, timeframe));
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
