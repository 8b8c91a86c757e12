// Socket.IO on the gateway (docs/codecs.md): `subscribe`, `unsubscribe` and the order ops arrive as
// events with acknowledgements and become the JSON protocol's requests on the same session; its
// replies answer the acks. Data goes out as one event per subscription, named like its STOMP
// destination. The codec keeps only the map from session keys to event names, and the acks owed.
import type { Socket } from 'socket.io';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import { INDEX_SYMBOL, type ErrorMessage, type MarketMessage, type SubscribeRequest } from '../../../lib/protocol/messages.ts';
import { ORDER_OPS, type OrderRequest } from '../../../lib/protocol/orders.ts';
import { PendingRequests } from '../codec/pending-requests.ts';
import type { CodecHost, SessionCodec } from '../codec/session-codec.ts';
import { bucketFor } from '../fanout/depth-buckets.ts';
import { USER_ROUTE, type Route } from '../fanout/outbound-format.ts';
import type { GatewayOptions } from '../gateway-options.ts';
import { parseClientRequest } from '../routing/parse-client-frame.ts';
import { keyOfSubscribe, subscriptionKey } from '../routing/request-handlers.ts';
import { eventPacket, SocketIoFormat } from './socketio-format.ts';

/** The events a client may emit. */
const REQUEST_EVENTS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe', ...ORDER_OPS]);
/** The event of the user's order events, and of a refusal that has no ack to ride. */
export const ORDERS_EVENT = 'orders';
export const ERROR_EVENT = 'tw.error';

type Ack = (answer: unknown) => void;

/** An ack owed, and for a subscription the key it registered. */
interface Pending {
  ack: Ack | undefined;
  key?: string;
  event?: string;
}

/** The Socket.IO codec of one socket. */
export class SocketIoCodec implements SessionCodec {
  readonly format: SocketIoFormat;
  /** The event each session key is delivered as. */
  private readonly events = new Map<string, string>();
  private readonly pending = new PendingRequests<Pending>();
  private nextId = 0;

  constructor(
    private readonly host: CodecHost,
    private readonly socket: Socket,
    private readonly options: Pick<GatewayOptions, 'depthBuckets'>,
  ) {
    this.format = new SocketIoFormat({ eventOf: (route) => this.eventOf(route) });
  }

  start(): void {
    const { userId, nodeId } = this.host;
    this.send('hello', userId === undefined ? { type: 'hello', node: nodeId, isAuthenticated: false } : { type: 'hello', node: nodeId, isAuthenticated: true, userId });
    this.socket.onAny((event: unknown, ...args: unknown[]) => this.onEvent(event, args));
  }

  reply(message: MarketMessage): void {
    if (message.type === 'subscribed' || message.type === 'unsubscribed') {
      const pending = this.take(message.id);
      return pending?.ack?.({ ok: true, ...(pending.event === undefined ? {} : { event: pending.event }), subscribed: withoutId(message) });
    }
    if (message.type === 'error') return this.onRefused(message);
    // hello goes out at start; pong and the lab's handshake report have no Socket.IO form.
  }

  queued(request: OrderRequest): void {
    this.take(request.id)?.ack?.({ ok: true });
  }

  private onEvent(event: unknown, args: unknown[]): void {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as Ack) : undefined;
    if (!this.host.admitFrame()) return;
    const id = this.remember({ ack });
    if (typeof event !== 'string' || !REQUEST_EVENTS.has(event)) {
      return this.host.replyError(ERROR_CODES.UNKNOWN_OP, `unknown event ${JSON.stringify(String(event).slice(0, 32))}; expected one of ${[...REQUEST_EVENTS].join(', ')}`, id);
    }
    const payload = args[0];
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return this.host.replyError(ERROR_CODES.BAD_MESSAGE, `${event}: expected an object as the first argument`, id);
    }
    if (event === 'unsubscribe') return this.onUnsubscribe(payload as Record<string, unknown>, id);
    const parsed = parseClientRequest({ ...payload, op: event, id });
    if (!parsed.ok) return this.host.replyError(parsed.code, parsed.message, id);
    if (parsed.request.op === 'subscribe') return this.onSubscribe(parsed.request, id);
    this.host.run(parsed.request);
  }

  private onSubscribe(request: SubscribeRequest, id: number): void {
    const key = keyOfSubscribe(request);
    const event = this.eventNameOf(request);
    // The route is in place before the request runs: a live book's snapshot follows its reply at once.
    const earlier = this.events.get(key);
    this.events.set(key, event);
    const pending = this.pending.peek(id);
    if (pending) Object.assign(pending, { key, event });
    this.host.run(request);
    // Refused on the spot (unknown symbol, too many subscriptions): the earlier subscription stays as it was.
    if (this.events.get(key) === undefined && earlier !== undefined) this.events.set(key, earlier);
  }

  // Unsubscribing is the session's own remove, for every channel (the JSON op has no index form).
  private onUnsubscribe(payload: Record<string, unknown>, id: number): void {
    const { channel, symbol, timeframe } = payload;
    const key = channel === 'index' ? subscriptionKey('index', INDEX_SYMBOL) : typeof channel === 'string' && typeof symbol === 'string' ? subscriptionKey(channel, symbol, typeof timeframe === 'string' ? timeframe : undefined) : undefined;
    if (key === undefined || !this.host.subscriptions.remove(key)) {
      return this.host.replyError(ERROR_CODES.NOT_SUBSCRIBED, `not subscribed to ${JSON.stringify(payload).slice(0, 64)}`, id);
    }
    this.events.delete(key);
    this.take(id)?.ack?.({ ok: true });
  }

  private onRefused(message: ErrorMessage): void {
    const pending = this.take(message.id);
    if (pending?.key !== undefined && this.events.get(pending.key) === pending.event) this.events.delete(pending.key);
    const error = withoutId(message);
    if (pending?.ack) return pending.ack({ ok: false, error });
    this.send(ERROR_EVENT, error);
  }

  /** The event a subscription's data arrives as: its STOMP destination without `/topic/`. */
  private eventNameOf(request: SubscribeRequest): string {
    switch (request.channel) {
      case 'book':
        return `book.${request.symbol}.${bucketFor(request.depth, this.options.depthBuckets)}`;
      case 'trades':
        return `trades.${request.symbol}`;
      case 'candles':
        return `candles.${request.symbol}.${request.timeframe}`;
      case 'index':
        return 'index';
    }
  }

  private eventOf(route: Route): string | undefined {
    if (route === undefined) return undefined;
    return route === USER_ROUTE ? ORDERS_EVENT : this.events.get(route);
  }

  private remember(pending: Pending): number {
    this.nextId += 1;
    this.pending.remember(this.nextId, pending);
    return this.nextId;
  }

  // Only numeric ids are this codec's own (a reply to anything else has no ack waiting).
  private take(id: string | number | undefined): Pending | undefined {
    return typeof id === 'number' ? this.pending.take(id) : undefined;
  }

  private send(event: string, value: unknown): void {
    this.host.sendRaw({ data: Buffer.from(eventPacket(event, JSON.stringify(value))), count: 1 });
  }
}

function withoutId<T extends { id?: string | number }>(message: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = message;
  return rest;
}
