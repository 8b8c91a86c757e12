// One open connection, whatever its codec: rate-limits what the client sends, runs its requests,
// holds its subscriptions, and enforces the protocol's close codes. Nothing a client sends can throw
// out of here.
import { getMetrics } from '../../../lib/metrics.ts';
import { CLOSE_CODES, ERROR_CODES, type ErrorCode } from '../../../lib/protocol/codes.ts';
import type { MarketMessage } from '../../../lib/protocol/messages.ts';
import type { OrderRequest } from '../../../lib/protocol/orders.ts';
import { USER_ROUTE } from '../fanout/outbound-format.ts';
import type { CodecHost, SessionCodec } from '../codec/session-codec.ts';
import { ClientOutbox, type OutboxEvents } from '../fanout/client-outbox.ts';
import { RoutedTarget } from '../fanout/routed-target.ts';
import type { SharedFrame } from '../fanout/shared-frame.ts';
import { getGatewayMetrics } from '../gateway-metrics.ts';
import type { ClientRequest } from '../routing/parse-client-frame.ts';
import type { RequestClient } from '../routing/request-client.ts';
import { handleRequest } from '../routing/request-handlers.ts';
import { SessionSubscriptions } from '../routing/session-subscriptions.ts';
import type { SessionPort } from './session-port.ts';
import { FloodGuard } from './flood-guard.ts';
import type { SocketSession } from './session-auth.ts';
import type { SessionDeps } from './session-deps.ts';
import { TokenBucket } from './token-bucket.ts';

/** Who a connection belongs to and how it reads and writes. */
export interface SessionOpening {
  /** The client's address (behind trusted proxies, the one they name). */
  ip: string;
  /** The authenticated user, or undefined for a market-data-only connection. */
  userId: string | undefined;
  /** The session the user's connection was opened with; the connection closes when it ends. */
  session: SocketSession | undefined;
  /** The transport label of its metrics (`ws`, `stomp`, `socketio`). */
  transport: string;
  /** Builds the connection's codec around its session. */
  codec: (host: CodecHost) => SessionCodec;
}

/**
 * The gateway's side of one connection. Thousands sit idle at once, so what each holds is kept small:
 * callbacks are its own prototype methods rather than per-instance arrow functions (each of which
 * also gets a property dictionary of its own from the `name` the TypeScript loader defines on it),
 * and what only some connections use (the flood guard, the user channel's target) is made on first use.
 */
export class ClientSession implements RequestClient, CodecHost, OutboxEvents {
  readonly outbox: ClientOutbox;
  readonly subscriptions: SessionSubscriptions;
  readonly ip: string;
  readonly userId: string | undefined;
  readonly session: SocketSession | undefined;
  readonly transport: string;
  /** Cleared on each heartbeat ping, set by the pong (the ws README recipe). */
  isAlive = true;
  private isClosing = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly codec: SessionCodec;
  private readonly bucket: TokenBucket;
  private floodGuard: FloodGuard | undefined;
  /** What the user hub sends this connection's order events to, for a signed-in user only. */
  private readonly userTarget: RoutedTarget | undefined;

  constructor(
    readonly port: SessionPort,
    opening: SessionOpening,
    private readonly deps: SessionDeps,
    private readonly afterClose: (session: ClientSession) => void,
  ) {
    const { options } = deps;
    this.ip = opening.ip;
    this.userId = opening.userId;
    this.session = opening.session;
    this.transport = opening.transport;
    this.bucket = new TokenBucket(options.rateLimitPerSecond, options.rateLimitBurst);
    this.codec = opening.codec(this);
    this.outbox = new ClientOutbox(port, this.codec.format, options, this, opening.transport);
    this.subscriptions = new SessionSubscriptions(deps.hubs, this.outbox);
    port.onceClosed(this.portOnClose.bind(this));
    this.codec.start();
    if (this.userId !== undefined) {
      this.userTarget = new RoutedTarget(this.outbox, USER_ROUTE);
      deps.users.add(this.userId, this.userTarget);
    }
  }

  get nodeId(): string {
    return this.deps.nodeId;
  }

  /** One WebSocket message from the client. */
  receive(data: Buffer, isBinary: boolean): void {
    if (this.isClosing) return;
    getMetrics().messagesIn.inc({ transport: this.transport });
    this.codec.receive?.(data, isBinary);
  }

  /** Sends one message to this client, in its codec's terms (market data comes pre-encoded through the hubs). */
  reply(message: MarketMessage): void {
    this.codec.reply(message);
  }

  sendRaw(frame: SharedFrame): void {
    this.outbox.send(frame);
  }

  /** Replies with an error, counted as bad input. */
  replyError(code: ErrorCode, message: string, id?: string | number): void {
    this.countBadInput(code);
    this.reply(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
  }

  countBadInput(reason: string): void {
    getMetrics().badInput.inc({ source: 'ws', reason });
  }

  admitFrame(): boolean {
    if (this.isClosing) return false;
    if (this.bucket.take()) return true;
    if (!this.recordRefusal()) this.replyError(ERROR_CODES.RATE_LIMITED, `more than ${this.deps.options.rateLimitPerSecond} messages per second`);
    return false;
  }

  run(request: ClientRequest): void {
    try {
      handleRequest(this, request, this.deps.requests);
    } catch (error) {
      // A bug, not the client's fault: log it and keep the connection and the process up.
      this.deps.logger.error({ err: error }, 'request handler failed');
      this.replyError(ERROR_CODES.UNAVAILABLE, 'internal error', request.id);
    }
  }

  /** An order op of this connection was queued for the engine (STOMP answers its receipt, Socket.IO its ack). */
  queued(request: OrderRequest): void {
    this.codec.queued?.(request);
  }

  /**
   * Closes with a protocol close code; a peer that does not complete the close is dropped after the
   * grace period. Held frames are dropped, or written first with `afterHeld` (a goodbye such as STOMP's ERROR).
   */
  closeWith(code: number, reason: string, afterHeld = false): void {
    if (this.isClosing) return;
    this.isClosing = true;
    if (afterHeld) this.outbox.flushAndClose();
    else this.outbox.close();
    this.port.close(code, reason);
    this.graceTimer = setTimeout(() => this.port.terminate(), this.deps.options.closeGraceMs);
  }

  /** Closes with SESSION_ENDED if the connection's session ended by `nowMs` (its absolute expiry); true if it did. */
  closeIfExpired(nowMs: number): boolean {
    if (this.session === undefined || nowMs < this.session.expiresAtMs) return false;
    this.closeWith(CLOSE_CODES.SESSION_ENDED, 'session expired');
    return true;
  }

  /** Calls `listener` once the connection has closed (or is closing), at once if it already has. */
  onClosed(listener: () => void): void {
    if (this.port.isEnding) listener();
    else this.port.onceClosed(listener);
  }

  /** Counts a refusal toward the flood guard; true when the connection was closed with FLOODING for it. */
  recordRefusal(): boolean {
    this.floodGuard ??= new FloodGuard(this.deps.options.floodLimit, this.deps.options.floodWindowMs);
    if (!this.floodGuard.record()) return false;
    this.deps.counters.floodCloses += 1;
    getGatewayMetrics().floodCloses.inc();
    this.countBadInput('FLOODING');
    this.closeWith(CLOSE_CODES.FLOODING, 'flooding');
    return true;
  }

  private portOnClose(): void {
    clearTimeout(this.graceTimer);
    this.isClosing = true;
    this.outbox.close();
    this.codec.stop?.();
    this.subscriptions.releaseAll();
    if (this.userId !== undefined && this.userTarget) this.deps.users.remove(this.userId, this.userTarget);
    this.afterClose(this);
  }

  /** The outbox passed its high-water mark: books are conflated instead of queued. */
  onCongested(): void {
    const count = this.subscriptions.conflateBooks();
    this.deps.counters.conflations += count;
    if (count > 0) getGatewayMetrics().conflations.inc(count);
  }

  /** The outbox drained after congestion: each conflated book gets a fresh snapshot. */
  onDrained(): void {
    this.subscriptions.recoverBooks();
  }

  /** The outbox overflowed or stayed congested too long: the connection is closed as a slow consumer. */
  onOverflow(reason: 'hard-limit' | 'too-slow'): void {
    this.deps.counters.slowConsumerCloses += 1;
    getGatewayMetrics().slowConsumerCloses.inc({ reason });
    this.deps.logger.info({ ip: this.ip, reason }, 'closing slow consumer');
    this.closeWith(CLOSE_CODES.SLOW_CONSUMER, reason);
  }
}
