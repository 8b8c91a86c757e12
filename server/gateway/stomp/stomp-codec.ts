// STOMP 1.2 on `/ws` (docs/codecs.md): CONNECT, SUBSCRIBE, UNSUBSCRIBE, SEND and DISCONNECT become
// the JSON protocol's requests on the same session; its replies become RECEIPTs, MESSAGEs on
// /user/queue/errors, or an ERROR that ends the connection. Which subscription id reads what is kept
// in stomp-readers.ts; the subscriptions themselves are the session's.
import { CLOSE_CODES, ERROR_CODES } from '../../../lib/protocol/codes.ts';
import type { ErrorMessage, MarketMessage, SubscribedMessage } from '../../../lib/protocol/messages.ts';
import type { OrderRequest } from '../../../lib/protocol/orders.ts';
import { encodeStompFrame, headerOf, STOMP_COMMANDS, type StompFrame } from '../../../lib/protocol/stomp/stomp-frame.ts';
import { StompParser } from '../../../lib/protocol/stomp/stomp-parser.ts';
import { PendingRequests } from '../codec/pending-requests.ts';
import type { CodecHost, SessionCodec } from '../codec/session-codec.ts';
import type { GatewayOptions } from '../gateway-options.ts';
import { parseClientRequest } from '../routing/parse-client-frame.ts';
import { keyOfSubscribe } from '../routing/request-handlers.ts';
import { ERRORS_DESTINATION, ORDERS_DESTINATION, SEND_DESTINATIONS, orderOpOf, subscribeTargetOf } from './stomp-destinations.ts';
import { StompFormat, stompTarget, type StompTarget } from './stomp-format.ts';
import { StompReaders } from './stomp-readers.ts';

/** The WebSocket subprotocol that selects this codec. */
export const STOMP_SUBPROTOCOL = 'v12.stomp';
/** The server's heart-beat offer: one `\n` every 10 s if the client wants them; none asked of the client (WebSocket pings find dead peers). */
const SERVER_HEARTBEAT_MS = 10_000;
const MAX_HEADERS = 32;
const MAX_ID_LENGTH = 64;
const HEARTBEAT = { data: Buffer.from('\n'), count: 0 };

/** Codes of ERROR frames for frames that are not valid STOMP here; the connection always ends after one. */
type ProtocolErrorCode = 'BAD_FRAME' | 'UNKNOWN_COMMAND' | 'UNSUPPORTED' | 'NOT_CONNECTED' | 'UNSUPPORTED_VERSION' | 'MISSING_HEADER' | 'UNKNOWN_DESTINATION';

/** A request waiting for its answer: its receipt, and for a SUBSCRIBE the subscription it registered. */
interface Pending {
  receipt: string | undefined;
  subscriptionId?: string;
}

/** The STOMP codec of one WebSocket. */
export class StompCodec implements SessionCodec {
  readonly format: StompFormat;
  private readonly parser: StompParser;
  private isConnected = false;
  private isEnded = false;
  private readonly readers = new StompReaders();
  private readonly pending = new PendingRequests<Pending>();
  private heartbeat: NodeJS.Timeout | undefined;
  private errorMessages = 0;

  constructor(
    private readonly host: CodecHost,
    options: Pick<GatewayOptions, 'maxPayloadBytes'>,
  ) {
    this.parser = new StompParser({ maxFrameBytes: options.maxPayloadBytes, maxHeaders: MAX_HEADERS });
    this.format = new StompFormat(this.readers);
  }

  start(): void {
    // Nothing until the client's CONNECT.
  }

  receive(data: Buffer): void {
    for (const event of this.parser.push(data)) {
      if (this.isEnded) return;
      if (event.kind === 'heartbeat') continue;
      if (event.kind === 'error') return this.protocolError('BAD_FRAME', event.message, event.receipt);
      if (!this.host.admitFrame()) continue;
      this.onFrame(event.frame);
    }
  }

  reply(message: MarketMessage): void {
    if (this.isEnded) return;
    if (message.type === 'subscribed' || message.type === 'unsubscribed') return this.onSubscribed(message);
    if (message.type === 'error') return this.onRefused(message);
    // hello is CONNECTED's job; pong and the lab's handshake report have no STOMP form.
  }

  queued(request: OrderRequest): void {
    const pending = this.pending.take(request.id);
    if (pending?.receipt !== undefined) this.sendFrame('RECEIPT', [['receipt-id', pending.receipt]]);
  }

  stop(): void {
    this.isEnded = true;
    clearInterval(this.heartbeat);
  }

  private onFrame(frame: StompFrame): void {
    const { command } = frame;
    if (command === 'CONNECT' || command === 'STOMP') return this.onConnect(frame);
    if (!STOMP_COMMANDS.client.has(command)) return this.protocolError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(command.slice(0, 32))}`, headerOf(frame, 'receipt'));
    if (!this.isConnected) return this.protocolError('NOT_CONNECTED', `${command} before CONNECT`, headerOf(frame, 'receipt'));
    switch (command) {
      case 'SUBSCRIBE':
        return this.onSubscribe(frame);
      case 'UNSUBSCRIBE':
        return this.onUnsubscribe(frame);
      case 'SEND':
        return this.onSend(frame);
      case 'DISCONNECT':
        return this.onDisconnect(frame);
      default:
        return this.protocolError('UNSUPPORTED', `${command} is not supported: subscriptions are ack:auto and there are no transactions`, headerOf(frame, 'receipt'));
    }
  }

  private onConnect(frame: StompFrame): void {
    if (this.isConnected) return this.protocolError('NOT_CONNECTED', 'already connected');
    const versions = (headerOf(frame, 'accept-version') ?? '1.0').split(',');
    if (!versions.includes('1.2')) return this.protocolError('UNSUPPORTED_VERSION', 'this server speaks STOMP 1.2 only');
    this.isConnected = true;
    const wantedMs = Number((headerOf(frame, 'heart-beat') ?? '0,0').split(',')[1]);
    const headers: [string, string][] = [
      ['version', '1.2'],
      ['heart-beat', `${SERVER_HEARTBEAT_MS},0`],
      ['server', 'Tickwire/0.1'],
      ['session', `${this.host.nodeId}.${Math.random().toString(36).slice(2, 10)}`],
      ['node', this.host.nodeId],
    ];
    if (this.host.userId !== undefined) headers.push(['user-name', this.host.userId]);
    this.sendFrame('CONNECTED', headers);
    if (Number.isFinite(wantedMs) && wantedMs > 0) {
      this.heartbeat = setInterval(() => this.host.sendRaw(HEARTBEAT), Math.max(SERVER_HEARTBEAT_MS, wantedMs));
      this.heartbeat.unref();
    }
  }

  private onSubscribe(frame: StompFrame): void {
    const id = headerOf(frame, 'id');
    const destination = headerOf(frame, 'destination');
    const receipt = headerOf(frame, 'receipt');
    if (id === undefined || destination === undefined) return this.protocolError('MISSING_HEADER', 'SUBSCRIBE needs id and destination', receipt);
    const ack = headerOf(frame, 'ack') ?? 'auto';
    if (ack !== 'auto') return this.protocolError('UNSUPPORTED', `ack:${ack.slice(0, 32)} is not supported; use ack:auto`, receipt);
    const requestId = receipt ?? id;
    if (id.length > MAX_ID_LENGTH) return this.refuse(ERROR_CODES.BAD_MESSAGE, `id: at most ${MAX_ID_LENGTH} characters`, receipt, receipt);
    if (this.readers.has(id)) return this.refuse(ERROR_CODES.BAD_MESSAGE, `subscription id ${id} is already in use`, requestId, receipt);
    const target = subscribeTargetOf(destination);
    if (target === undefined) return this.protocolError('UNKNOWN_DESTINATION', `${destination.slice(0, 64)} is not served: see /topic/book.<SYMBOL>.<DEPTH>, /topic/trades.<SYMBOL>, /topic/candles.<SYMBOL>.<TIMEFRAME>, /topic/index, /user/queue/orders, /user/queue/errors`, receipt);
    if (target.kind === 'errors') {
      this.readers.addErrors(id);
      return this.sendReceipt(receipt);
    }
    if (target.kind === 'orders') {
      if (this.host.userId === undefined) return this.refuse(ERROR_CODES.UNAUTHENTICATED, `${ORDERS_DESTINATION} needs a session: connect with the tw_session cookie or Authorization: Bearer`, requestId, receipt);
      this.readers.addOrders(id, destination);
      return this.sendReceipt(receipt);
    }
    const parsed = parseClientRequest({ op: 'subscribe', id: requestId, ...target.fields, ...this.optionsOf(frame) });
    if (!parsed.ok) return this.refuse(parsed.code, parsed.message, requestId, receipt);
    if (parsed.request.op !== 'subscribe') return;
    const key = keyOfSubscribe(parsed.request);
    // The route is in place before the request runs: a live book's snapshot follows its reply at once.
    const replaced = this.readers.addMarket(id, key, destination);
    this.pending.remember(requestId, { receipt, subscriptionId: id });
    this.host.run(parsed.request);
    // Refused on the spot (unknown symbol, too many subscriptions): the earlier reader stays.
    this.readers.settleMarket(id, key, replaced);
  }

  private optionsOf(frame: StompFrame): Record<string, unknown> {
    const options: Record<string, unknown> = {};
    const resumeEpoch = headerOf(frame, 'resume-epoch');
    const resumeSeq = headerOf(frame, 'resume-seq');
    const lab = headerOf(frame, 'lab');
    if (resumeEpoch !== undefined) options.resumeEpoch = Number(resumeEpoch);
    if (resumeSeq !== undefined) options.resumeSeq = Number(resumeSeq);
    if (lab !== undefined) options.lab = lab;
    const resumeAfter = headerOf(frame, 'resume-after');
    if (resumeAfter !== undefined) options.resumeAfter = resumeAfter;
    const resumeFrom = headerOf(frame, 'resume-from');
    if (resumeFrom !== undefined) options.resumeFrom = Number(resumeFrom);
    // Hop times (a book's, the index's); any value but true or false is left for the schema to refuse.
    const timing = headerOf(frame, 'timing');
    if (timing !== undefined) options.timing = timing === 'true' ? true : timing === 'false' ? false : timing;
    return options;
  }

  private onUnsubscribe(frame: StompFrame): void {
    const id = headerOf(frame, 'id');
    const receipt = headerOf(frame, 'receipt');
    if (id === undefined) return this.protocolError('MISSING_HEADER', 'UNSUBSCRIBE needs id', receipt);
    const removed = this.readers.remove(id);
    if (!removed.existed) return this.refuse(ERROR_CODES.NOT_SUBSCRIBED, `no subscription with id ${id.slice(0, MAX_ID_LENGTH)}`, receipt ?? id, receipt);
    if (removed.releasedKey !== undefined) this.host.subscriptions.remove(removed.releasedKey);
    this.sendReceipt(receipt);
  }

  private onSend(frame: StompFrame): void {
    const destination = headerOf(frame, 'destination');
    const receipt = headerOf(frame, 'receipt');
    if (destination === undefined) return this.protocolError('MISSING_HEADER', 'SEND needs destination', receipt);
    const op = orderOpOf(destination);
    if (op === undefined) return this.protocolError('UNKNOWN_DESTINATION', `${destination.slice(0, 64)} takes no SEND: see ${SEND_DESTINATIONS.join(', ')}`, receipt);
    let body: unknown;
    try {
      body = JSON.parse(frame.body);
    } catch (error) {
      return this.refuse(ERROR_CODES.BAD_JSON, `body: not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`, receipt, receipt);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return this.refuse(ERROR_CODES.BAD_MESSAGE, 'body: expected a JSON object with the order fields', receipt, receipt);
    const parsed = parseClientRequest({ ...body, op, ...(receipt === undefined ? {} : { id: receipt }) });
    if (!parsed.ok) return this.refuse(parsed.code, parsed.message, parsed.id ?? receipt, receipt);
    if (parsed.request.id !== undefined) this.pending.remember(parsed.request.id, { receipt });
    this.host.run(parsed.request);
  }

  private onDisconnect(frame: StompFrame): void {
    const receipt = headerOf(frame, 'receipt');
    this.sendReceipt(receipt);
    this.isEnded = true;
    this.host.closeWith(1000, 'disconnect', true);
  }

  private onSubscribed(message: SubscribedMessage): void {
    if (message.type !== 'subscribed' || message.id === undefined) return;
    this.sendReceipt(this.pending.take(message.id)?.receipt);
  }

  private onRefused(message: ErrorMessage): void {
    const pending = message.id === undefined ? undefined : this.pending.take(message.id);
    // A refused SUBSCRIBE leaves no trace: its id is free again and its key keeps its earlier reader.
    if (pending?.subscriptionId !== undefined) this.readers.remove(pending.subscriptionId);
    const errorsSubscription = this.readers.errorsSubscription;
    if (errorsSubscription !== undefined) {
      const target = stompTarget(ERRORS_DESTINATION, errorsSubscription);
      return this.host.sendRaw({ data: encodeStompFrame('MESSAGE', messageHeaders(target, this.nextErrorMessageId()), JSON.stringify(message)), count: 1 });
    }
    // No errors subscription: STOMP's only way to say it is an ERROR, after which the connection ends.
    const headers: [string, string][] = [
      ['message', `${message.code}: ${message.message}`.slice(0, 256)],
      ['code', message.code],
    ];
    if (pending?.receipt !== undefined) headers.push(['receipt-id', pending.receipt]);
    this.endWithError(headers, JSON.stringify(message), CLOSE_CODES.PROTOCOL_ERROR);
  }

  /** Answers a refusal through the session (so it is counted like the JSON protocol's), as `id`, with its receipt. */
  private refuse(code: ErrorMessage['code'], message: string, id: string | number | undefined, receipt: string | undefined): void {
    if (id !== undefined) this.pending.remember(id, { receipt });
    this.host.replyError(code, message, id);
  }

  private protocolError(code: ProtocolErrorCode, message: string, receipt?: string): void {
    this.host.countBadInput(`STOMP_${code}`);
    const headers: [string, string][] = [
      ['message', message.slice(0, 256)],
      ['code', code],
    ];
    if (receipt !== undefined) headers.push(['receipt-id', receipt]);
    this.endWithError(headers, '', CLOSE_CODES.PROTOCOL_ERROR);
  }

  private endWithError(headers: [string, string][], body: string, closeCode: number): void {
    this.sendFrame('ERROR', headers, body);
    this.isEnded = true;
    this.host.closeWith(closeCode, 'stomp error', true);
  }

  private sendReceipt(receipt: string | undefined): void {
    if (receipt !== undefined) this.sendFrame('RECEIPT', [['receipt-id', receipt]]);
  }

  private sendFrame(command: string, headers: [string, string][], body = ''): void {
    this.host.sendRaw({ data: encodeStompFrame(command, headers, body), count: 1 });
  }

  private nextErrorMessageId(): string {
    this.errorMessages += 1;
    // Never a base-36 number, so never one of the fan-out's ids (stomp-format.ts).
    return `err-${this.errorMessages}`;
  }
}

function messageHeaders(target: StompTarget, messageId: string): [string, string][] {
  return [
    ['destination', target.destination],
    ['subscription', target.subscription],
    ['message-id', messageId],
    ['content-type', 'application/json'],
  ];
}
