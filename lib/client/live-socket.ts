// The browser's connection to the gateway: a small state machine that reconnects with backoff and
// full jitter, splits array frames into messages, and tells its owners when to (re)subscribe.
import { hopClockMs } from '../hop-clock.ts';
import { backoffDelayMs, type BackoffOptions } from '../util/backoff.ts';
import { parseFrame, type ServerMessage } from './server-message.ts';
import { browserSocketFactory, type SocketFactory, type SocketHandle } from './socket-factory.ts';

/**
 * `connecting`: the first attempt. `open`: connected. `reconnecting`: lost, retrying after a backoff
 * (it stays `reconnecting` during the retry attempts themselves). `closed`: stopped by its owner.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A state change, with when the next attempt starts while reconnecting. */
export interface StateChange {
  oldState: ConnectionState;
  newState: ConnectionState;
  /** Reconnect attempts since the last successful connection. */
  attempt: number;
  /** Epoch ms of the next attempt, while waiting to reconnect. */
  retryAt?: number;
}

export interface LiveSocketOptions {
  url: string;
  createSocket?: SocketFactory;
  backoff?: BackoffOptions;
  random?: () => number;
}

/** 0.5 s, 1 s, 2 s, … up to 10 s: a restarted local server is found within seconds, a dead one is not hammered. */
const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

/**
 * What a page's live layer needs of its gateway connection: a socket of its own (LiveSocket) or a
 * share of one held for every tab of the browser (lib/client/shared/shared-link.ts).
 */
export interface GatewayLink {
  readonly state: ConnectionState;
  start(): void;
  stop(): void;
  reconnect(reason?: string): void;
  send(request: object): boolean;
  onState(listener: (change: StateChange) => void): () => void;
  onMessage(listener: (message: ServerMessage, receivedAtMs: number) => void): () => void;
  onOpen(listener: () => void): () => void;
  onClose(listener: (code: number) => void): () => void;
}

/** A reconnecting gateway connection. Listeners are plain callbacks; each `on*` returns its remover. */
export class LiveSocket implements GatewayLink {
  private socket: SocketHandle | undefined;
  private generation = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private current: ConnectionState = 'idle';
  private readonly stateListeners = new Set<(change: StateChange) => void>();
  private readonly messageListeners = new Set<(message: ServerMessage, receivedAtMs: number) => void>();
  private readonly openListeners = new Set<() => void>();
  private readonly closeListeners = new Set<(code: number) => void>();

  constructor(private readonly options: LiveSocketOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Opens the connection; it is kept open until `stop()`. */
  start(): void {
    if (this.current !== 'idle' && this.current !== 'closed') return;
    this.setState('connecting');
    this.connect();
  }

  /** Closes for good: no reconnect. */
  stop(): void {
    clearTimeout(this.retryTimer);
    this.drop(1000, 'client stopped');
    this.setState('closed');
  }

  /** Drops the current connection and connects again at once (a dead link, or new credentials). */
  reconnect(reason = 'client reconnect'): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    clearTimeout(this.retryTimer);
    this.drop(4001, reason);
    this.setState('reconnecting');
    this.connect();
  }

  /** Sends one request; false when not connected (subscriptions are re-sent on open anyway). */
  send(request: object): boolean {
    if (this.current !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(request));
    return true;
  }

  onState(listener: (change: StateChange) => void): () => void {
    return add(this.stateListeners, listener);
  }

  /** Every message; `receivedAtMs` is when its frame arrived, before parsing (lib/hop-clock.ts), for hop times. */
  onMessage(listener: (message: ServerMessage, receivedAtMs: number) => void): () => void {
    return add(this.messageListeners, listener);
  }

  /** Called on every successful (re)connection: the moment to (re)subscribe. */
  onOpen(listener: () => void): () => void {
    return add(this.openListeners, listener);
  }

  /** Called with the close code each time the server (or the network) ends the connection; the retry is already scheduled. */
  onClose(listener: (code: number) => void): () => void {
    return add(this.closeListeners, listener);
  }

  private connect(): void {
    const generation = ++this.generation;
    const isCurrent = (): boolean => generation === this.generation;
    const create = this.options.createSocket ?? browserSocketFactory;
    this.socket = create(this.options.url, {
      onOpen: () => {
        if (!isCurrent()) return;
        this.setState('open');
        for (const listener of this.openListeners) listener();
      },
      onMessage: (data) => {
        if (!isCurrent()) return;
        const receivedAtMs = hopClockMs();
        // Only a connection that delivers data counts as recovered: a server that accepts and
        // drops at once must not reset the backoff into a tight loop.
        this.attempt = 0;
        for (const message of parseFrame(data)) for (const listener of this.messageListeners) listener(message, receivedAtMs);
      },
      onClose: (code) => {
        if (!isCurrent()) return;
        this.socket = undefined;
        this.scheduleRetry();
        for (const listener of this.closeListeners) listener(code);
      },
    });
  }

  private scheduleRetry(): void {
    const delayMs = backoffDelayMs(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.attempt++;
    this.setState('reconnecting', Date.now() + delayMs);
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  private drop(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.generation++; // events of the dropped socket are ignored from here on
    socket?.close(code, reason);
  }

  private setState(newState: ConnectionState, retryAt?: number): void {
    const oldState = this.current;
    if (oldState === newState && retryAt === undefined) return;
    this.current = newState;
    const change: StateChange = { oldState, newState, attempt: this.attempt, ...(retryAt === undefined ? {} : { retryAt }) };
    for (const listener of this.stateListeners) listener(change);
  }
}

function add<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => set.delete(item);
}
