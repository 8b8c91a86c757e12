// The combined-stream WebSocket to Binance, reopened with backoff whenever it closes or errors,
// and terminated when silent too long (the server pings every few minutes and ws answers with pongs:
// https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#general-wss-information).
import WebSocket, { type RawData } from 'ws';
import { backoffDelayMs, type BackoffOptions } from '../../../../lib/util/backoff.ts';

/** What the owner hears from the connection. */
export interface StreamHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** The socket closed; it reopens by itself after `retryInMs`. */
  onClose(code: number, detail: string, retryInMs: number): void;
}

/** Tuning of the connection. */
export interface StreamConnectionOptions {
  backoff: BackoffOptions;
  idleTimeoutMs: number;
  maxPayloadBytes: number;
  handshakeTimeoutMs: number;
}

/** A self-reconnecting WebSocket that delivers text frames. */
export class StreamConnection {
  private socket: WebSocket | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private lastError = '';
  private isStopped = true;

  constructor(
    private readonly url: string,
    private readonly handlers: StreamHandlers,
    private readonly options: StreamConnectionOptions,
  ) {}

  /** Whether the socket is open now. */
  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket; keeps it open until stop(). */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.connect();
  }

  /** Closes the socket for good; no handler runs after it returns. */
  stop(): void {
    this.isStopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.terminate();
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    this.lastError = '';
    const socket = new WebSocket(this.url, { maxPayload: this.options.maxPayloadBytes, handshakeTimeout: this.options.handshakeTimeoutMs });
    this.socket = socket;
    socket.on('open', () => this.socketOnOpen(socket));
    socket.on('message', (data: RawData) => this.socketOnMessage(socket, data));
    socket.on('ping', () => this.armIdleTimer(socket));
    socket.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    socket.on('close', (code: number, reason: Buffer) => this.socketOnClose(socket, code, reason.toString() || this.lastError));
  }

  private socketOnOpen(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.armIdleTimer(socket);
    this.handlers.onOpen();
  }

  private socketOnMessage(socket: WebSocket, data: RawData): void {
    if (this.socket !== socket) return;
    // Only a socket that delivered data counts as healthy: one refused right after opening keeps backing off.
    this.attempt = 0;
    this.armIdleTimer(socket);
    this.handlers.onMessage(textOf(data));
  }

  private socketOnClose(socket: WebSocket, code: number, detail: string): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    clearTimeout(this.idleTimer);
    if (this.isStopped) return;
    const retryInMs = backoffDelayMs(this.attempt, this.options.backoff);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), retryInMs);
    this.handlers.onClose(code, detail, retryInMs);
  }

  private armIdleTimer(socket: WebSocket): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.lastError = `no message for ${this.options.idleTimeoutMs} ms`;
      socket.terminate();
    }, this.options.idleTimeoutMs);
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}
