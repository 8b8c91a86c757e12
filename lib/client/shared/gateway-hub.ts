// The holder of a browser's one gateway socket and one index stream, for all its tabs: it runs in a
// SharedWorker, or in the tab elected leader. Tabs join, send their requests through it and get back
// exactly the messages a socket of their own would have brought them: their books', trades' and
// candles' messages, their own pongs and errors, and everything of the user's (order events, position,
// balance; one cookie per browser, so every tab is the same user). Relaying is driven by socket and
// stream events only, never by a timer: a holder in a background tab has its timers throttled.
import { hopClockMs } from '../../hop-clock.ts';
import type { HelloMessage } from '../../protocol/messages.ts';
import { browserIndexSource, type IndexSourceFactory } from '../index-feed.ts';
import { LiveSocket, type StateChange } from '../live-socket.ts';
import type { ServerMessage } from '../server-message.ts';
import type { SocketFactory } from '../socket-factory.ts';
import type { BackoffOptions } from '../../util/backoff.ts';
import { IndexRelay } from './index-relay.ts';
import type { HolderMessage, TabId, TabMessage } from './relay-messages.ts';
import { RequestRouter } from './request-router.ts';
import { SubscriptionBoard, subscribeOf, unsubscribeKeyOf, type BoardStep } from './subscription-board.ts';

/** Posts one message to one tab; throws when the tab can no longer be reached. */
export type TabPost = (message: HolderMessage) => void;

export interface GatewayHubOptions {
  createSocket?: SocketFactory;
  backoff?: BackoffOptions;
  random?: () => number;
  openIndex?: IndexSourceFactory;
  indexUrl?: string;
}

interface Tab {
  post: TabPost;
  /** Whether the tab's live layer runs (it wants the gateway socket), not only its index. */
  wantsGateway: boolean;
}

export class GatewayHub {
  private socket: LiveSocket | undefined;
  private readonly tabs = new Map<TabId, Tab>();
  private readonly board = new SubscriptionBoard();
  private readonly router = new RequestRouter();
  private readonly index: IndexRelay;
  private hello: HelloMessage | undefined;
  /** Successful opens of the socket: a tab's reconnect request names the one it saw. */
  private generation = 0;
  private lastChange: StateChange = { oldState: 'idle', newState: 'idle', attempt: 0 };
  private isReconnectAsked = false;
  /** Messages of the frame being read, per tab, posted together once the frame is read. */
  private outbox = new Map<TabId, ServerMessage[]>();
  private outboxReceivedAt = 0;
  private isFlushQueued = false;

  constructor(private readonly options: GatewayHubOptions = {}) {
    this.index = new IndexRelay({
      url: options.indexUrl ?? '/api/stream/index',
      open: options.openIndex ?? browserIndexSource,
      post: (tabs, message) => {
        for (const tab of [...tabs]) this.post(tab, message);
      },
    });
  }

  /** How many tabs are joined (the e2e and the docs count them). */
  get tabCount(): number {
    return this.tabs.size;
  }

  /** A tab is here; with `url` its live layer runs and wants the gateway socket (opened with the first). */
  join(tab: TabId, url: string | undefined, post: TabPost): void {
    const known = this.tabs.get(tab);
    this.tabs.set(tab, { post, wantsGateway: url !== undefined || known?.wantsGateway === true });
    // The first state of a socket opened now reaches every joined tab, this one included.
    if (url !== undefined && !this.socket) return this.openSocket(url);
    const { newState, attempt, retryAt } = this.lastChange;
    this.post(tab, { t: 'state', change: { oldState: 'idle', newState, attempt, ...(retryAt === undefined ? {} : { retryAt }) }, generation: this.generation });
    if (newState === 'open' && this.hello) this.post(tab, { t: 'messages', messages: [this.hello], receivedAtMs: hopClockMs() });
  }

  /** Any other message of a joined tab. */
  handle(message: TabMessage): void {
    if (message.t === 'join') return;
    if (!this.tabs.has(message.tab)) return;
    switch (message.t) {
      case 'send':
        return this.send(message.tab, message.request);
      case 'reconnect':
        if (message.generation !== this.generation || this.isReconnectAsked) return;
        this.isReconnectAsked = true;
        return this.socket?.reconnect(message.reason);
      case 'index':
        return message.on ? this.index.add(message.tab, message.lastId) : this.index.remove(message.tab);
      case 'release':
        return this.release(message.tab);
      case 'leave':
        return this.leave(message.tab);
    }
  }

  /** A tab is gone (it said so, or its lock was released: closed or crashed). */
  leave(tab: TabId): void {
    if (!this.tabs.has(tab)) return;
    this.release(tab);
    this.index.remove(tab);
    this.tabs.delete(tab);
  }

  /** Ends everything (the holder is going away). */
  stop(): void {
    this.index.stop();
    this.socket?.stop();
    this.socket = undefined;
    this.tabs.clear();
  }

  private send(tab: TabId, request: object): void {
    const subscribe = subscribeOf(request);
    if (subscribe) return this.apply(this.board.subscribe(tab, subscribe));
    const unsubscribeKey = unsubscribeKeyOf(request);
    if (unsubscribeKey !== undefined) return this.apply(this.board.unsubscribe(tab, unsubscribeKey));
    this.socket?.send(this.router.outgoing(tab, request));
  }

  private apply(step: BoardStep): void {
    if (step.forward) this.socket?.send(step.forward);
    if (step.unsubscribe) this.socket?.send(step.unsubscribe);
  }

  // The tab's live layer stopped: its subscriptions end; the socket closes when no tab wants it.
  private release(tab: TabId): void {
    const entry = this.tabs.get(tab);
    if (!entry) return;
    entry.wantsGateway = false;
    for (const step of this.board.dropTab(tab)) this.apply(step);
    this.router.dropTab(tab);
    if ([...this.tabs.values()].some((other) => other.wantsGateway) || !this.socket) return;
    this.socket.stop();
    this.socket = undefined;
    this.hello = undefined;
    this.lastChange = { oldState: 'idle', newState: 'idle', attempt: 0 };
  }

  private openSocket(url: string): void {
    const socket = new LiveSocket({ url, createSocket: this.options.createSocket, backoff: this.options.backoff, random: this.options.random });
    this.socket = socket;
    socket.onState((change) => {
      if (this.socket !== socket) return;
      if (change.newState === 'open') this.generation++;
      if (change.newState === 'open' || change.oldState === 'open') this.board.forgetPending();
      if (change.newState !== 'open') this.hello = undefined;
      // A reconnect asked for is done once its connection opens or fails; until then others are the same ask.
      if (change.newState === 'open') this.isReconnectAsked = false;
      this.lastChange = change;
      this.broadcast({ t: 'state', change, generation: this.generation });
    });
    socket.onClose((code) => {
      if (this.socket !== socket) return;
      this.isReconnectAsked = false;
      this.broadcast({ t: 'close', code });
    });
    socket.onMessage((message, receivedAtMs) => {
      if (this.socket === socket) this.route(message, receivedAtMs);
    });
    socket.start();
  }

  private route(message: ServerMessage, receivedAtMs: number): void {
    switch (message.type) {
      case 'hello':
        this.hello = message;
        return this.queue(this.tabs.keys(), message, receivedAtMs);
      case 'pong': {
        const answer = this.router.pong(message);
        if (answer) this.queue([answer.tab], answer.message as ServerMessage, receivedAtMs);
        return;
      }
      case 'book.snapshot':
      case 'book.delta':
      case 'book.stale':
        return this.queue(this.board.tabsOf(`book:${message.symbol}`), message, receivedAtMs);
      case 'trade':
        return this.queue(this.board.tabsOf(`trades:${message.symbol}`), message, receivedAtMs);
      case 'candle':
        return this.queue(this.board.tabsOf(`candles:${message.symbol}:${message.timeframe}`), message, receivedAtMs);
      case 'subscribed': {
        const key = message.channel === 'candles' ? `candles:${message.symbol}:${message.timeframe ?? ''}` : `${message.channel}:${message.symbol}`;
        const answered = this.board.onSubscribed(key);
        this.queue(answered.tabs, message, receivedAtMs);
        if (answered.forward) this.socket?.send(answered.forward);
        return;
      }
      case 'unsubscribed':
      case 'index':
      case 'lab.handshake':
        // Tabs do not wait for an unsubscribe's reply, nor take the index or the lab's capture over the socket.
        return;
      case 'error': {
        const tab = this.router.tabOfRequest(message.id);
        return this.queue(tab !== undefined && this.tabs.has(tab) ? [tab] : this.tabs.keys(), message, receivedAtMs);
      }
      default:
        // The user's order, fill, position and balance events: every socket of the user gets them.
        return this.queue(this.tabs.keys(), message, receivedAtMs);
    }
  }

  // The socket hands over a frame's messages one by one, synchronously: they are gathered and posted
  // together in a microtask (one post per tab per frame), which is event-driven, not a timer.
  private queue(tabs: Iterable<TabId>, message: ServerMessage, receivedAtMs: number): void {
    for (const tab of tabs) {
      const messages = this.outbox.get(tab);
      if (messages) messages.push(message);
      else this.outbox.set(tab, [message]);
    }
    this.outboxReceivedAt = receivedAtMs;
    if (this.isFlushQueued) return;
    this.isFlushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.isFlushQueued = false;
    const outbox = this.outbox;
    this.outbox = new Map();
    for (const [tab, messages] of outbox) this.deliver(tab, { t: 'messages', messages, receivedAtMs: this.outboxReceivedAt });
  }

  // Anything else goes after the messages already gathered, so a tab sees them in the socket's order.
  private broadcast(message: HolderMessage): void {
    for (const tab of [...this.tabs.keys()]) this.post(tab, message);
  }

  private post(tab: TabId, message: HolderMessage): void {
    if (this.outbox.size > 0) this.flush();
    this.deliver(tab, message);
  }

  private deliver(tab: TabId, message: HolderMessage): void {
    const entry = this.tabs.get(tab);
    if (!entry) return;
    try {
      entry.post(message);
    } catch {
      // The tab's port or channel is closed: it is gone.
      this.leave(tab);
    }
  }
}
