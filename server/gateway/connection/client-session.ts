// One open socket: rate-limits and parses what the client sends, holds its subscriptions, and
// enforces the protocol's close codes. Nothing a client sends can throw out of here.
import type { RawData, WebSocket } from 'ws';
import { getMetrics } from '../../../lib/metrics.ts';
import { CLOSE_CODES, ERROR_CODES, type ErrorCode } from '../../../lib/protocol/codes.ts';
import type { MarketMessage } from '../../../lib/protocol/messages.ts';
import { ClientOutbox } from '../fanout/client-outbox.ts';
import { encodeFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { getGatewayMetrics } from '../gateway-metrics.ts';
import { parseClientFrame } from '../routing/parse-client-frame.ts';
import type { RequestClient } from '../routing/request-client.ts';
import { handleRequest } from '../routing/request-handlers.ts';
import { SessionSubscriptions } from '../routing/session-subscriptions.ts';
import { FloodGuard } from './flood-guard.ts';
import type { SocketSession } from './session-auth.ts';
import type { SessionDeps } from './session-deps.ts';
import { TokenBucket } from './token-bucket.ts';

/** The gateway's side of one WebSocket. */
export class ClientSession implements RequestClient {
  readonly outbox: ClientOutbox;
  readonly subscriptions: SessionSubscriptions;
  /** Cleared on each heartbeat ping, set by the pong (the ws README recipe). */
  isAlive = true;
  private isClosing = false;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly bucket: TokenBucket;
  private readonly floodGuard: FloodGuard;
  // Order events are never conflated or dropped: they wait in the outbox like any reply.
  private readonly userTarget = { send: (frame: SharedFrame): void => this.outbox.send(frame) };

  constructor(
    readonly ws: WebSocket,
    readonly ip: string,
    private readonly deps: SessionDeps,
    /** The authenticated user, or undefined for a market-data-only socket. */
    readonly userId: string | undefined,
    private readonly afterClose: (session: ClientSession) => void,
    /** The session the user's socket was opened with; the socket closes when it ends. */
    readonly session?: SocketSession,
  ) {
    const { options } = deps;
    this.bucket = new TokenBucket(options.rateLimitPerSecond, options.rateLimitBurst);
    this.floodGuard = new FloodGuard(options.floodLimit, options.floodWindowMs);
    this.outbox = new ClientOutbox(ws, options, {
      onCongested: () => this.outboxOnCongested(),
      onDrained: () => this.outboxOnDrained(),
      onOverflow: (reason) => this.outboxOnOverflow(reason),
    });
    this.subscriptions = new SessionSubscriptions(deps.hubs, this.outbox);
    ws.on('message', (data, isBinary) => this.socketOnMessage(data, isBinary));
    ws.on('pong', () => this.socketOnPong());
    ws.on('error', (error) => this.socketOnError(error));
    ws.on('close', () => this.socketOnClose());
    this.reply(userId === undefined ? { type: 'hello', node: deps.nodeId, isAuthenticated: false } : { type: 'hello', node: deps.nodeId, isAuthenticated: true, userId });
    if (userId !== undefined) deps.users.add(userId, this.userTarget);
  }

  /** Sends one message to this client (replies are per client; market data comes pre-encoded through the hubs). */
  reply(message: MarketMessage): void {
    this.outbox.send(encodeFrame(message));
  }

  /** Replies with an error, counted as bad input. */
  replyError(code: ErrorCode, message: string, id?: string | number): void {
    getMetrics().badInput.inc({ source: 'ws', reason: code });
    this.reply(id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id });
  }

  /** Closes with a protocol close code; a peer that does not complete the close is dropped after the grace period. */
  closeWith(code: number, reason: string): void {
    if (this.isClosing) return;
    this.isClosing = true;
    this.outbox.close();
    this.ws.close(code, reason);
    this.graceTimer = setTimeout(() => this.ws.terminate(), this.deps.options.closeGraceMs);
  }

  /** Closes with SESSION_ENDED if the socket's session ended by `nowMs` (its absolute expiry); true if it did. */
  closeIfExpired(nowMs: number): boolean {
    if (this.session === undefined || nowMs < this.session.expiresAtMs) return false;
    this.closeWith(CLOSE_CODES.SESSION_ENDED, 'session expired');
    return true;
  }

  /** Calls `listener` once the socket has closed (or is closing), at once if it already has. */
  onClosed(listener: () => void): void {
    if (this.ws.readyState >= this.ws.CLOSING) listener();
    else this.ws.once('close', listener);
  }

  private socketOnMessage(data: RawData, isBinary: boolean): void {
    if (this.isClosing) return;
    getMetrics().messagesIn.inc({ transport: 'ws' });
    if (!this.bucket.take()) return this.onRateLimited();
    if (isBinary) return this.replyError(ERROR_CODES.BINARY_NOT_SUPPORTED, 'binary frames are not supported; send JSON text');
    const parsed = parseClientFrame(rawToText(data));
    if (!parsed.ok) return this.replyError(parsed.code, parsed.message, parsed.id);
    try {
      handleRequest(this, parsed.request, this.deps.requests);
    } catch (error) {
      // A bug, not the client's fault: log it and keep the socket and the process up.
      this.deps.logger.error({ err: error }, 'request handler failed');
      this.replyError(ERROR_CODES.UNAVAILABLE, 'internal error', parsed.request.id);
    }
  }

  /** Counts a refusal toward the flood guard; true when the socket was closed with FLOODING for it. */
  recordRefusal(): boolean {
    if (!this.floodGuard.record()) return false;
    this.deps.counters.floodCloses += 1;
    getGatewayMetrics().floodCloses.inc();
    getMetrics().badInput.inc({ source: 'ws', reason: 'FLOODING' });
    this.closeWith(CLOSE_CODES.FLOODING, 'flooding');
    return true;
  }

  private onRateLimited(): void {
    if (this.recordRefusal()) return;
    this.replyError(ERROR_CODES.RATE_LIMITED, `more than ${this.deps.options.rateLimitPerSecond} messages per second`);
  }

  private socketOnPong(): void {
    this.isAlive = true;
  }

  private socketOnError(error: Error): void {
    // ws already closes the socket with the right code (1009 too big, 1007 bad UTF-8, 1002 protocol).
    this.deps.logger.debug({ err: error, ip: this.ip }, 'websocket error');
    getMetrics().badInput.inc({ source: 'ws', reason: 'PROTOCOL' });
  }

  private socketOnClose(): void {
    clearTimeout(this.graceTimer);
    this.outbox.close();
    this.subscriptions.releaseAll();
    if (this.userId !== undefined) this.deps.users.remove(this.userId, this.userTarget);
    this.afterClose(this);
  }

  private outboxOnCongested(): void {
    const count = this.subscriptions.conflateBooks();
    this.deps.counters.conflations += count;
    if (count > 0) getGatewayMetrics().conflations.inc(count);
  }

  private outboxOnDrained(): void {
    this.subscriptions.recoverBooks();
  }

  private outboxOnOverflow(reason: 'hard-limit' | 'too-slow'): void {
    this.deps.counters.slowConsumerCloses += 1;
    getGatewayMetrics().slowConsumerCloses.inc({ reason });
    this.deps.logger.info({ ip: this.ip, reason }, 'closing slow consumer');
    this.closeWith(CLOSE_CODES.SLOW_CONSUMER, reason);
  }
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
