// A tab's gateway connection when the browser's tabs share one socket: the same surface as a socket of
// its own (GatewayLink), so the page's live layer does not know the difference. Its state follows the
// holder's socket; a tab that was open sees `reconnecting` while the socket is down or a new holder
// takes over, and on every open it resubscribes (through the holder) from its own resume points.
import { hopClockMs } from '../../hop-clock.ts';
import type { ConnectionState, GatewayLink, StateChange } from '../live-socket.ts';
import type { ServerMessage } from '../server-message.ts';
import type { HolderMessage } from './relay-messages.ts';
import type { TabSession } from './tab-session.ts';

export class SharedLink implements GatewayLink {
  private current: ConnectionState = 'idle';
  /** The holder's generation of the open socket this tab last saw (0: none yet). */
  private generation = 0;
  private hasBeenOpen = false;
  private readonly stateListeners = new Set<(change: StateChange) => void>();
  private readonly messageListeners = new Set<(message: ServerMessage, receivedAtMs: number) => void>();
  private readonly openListeners = new Set<() => void>();
  private readonly closeListeners = new Set<(code: number) => void>();

  constructor(
    private readonly session: TabSession,
    private readonly url: string,
  ) {
    session.onMessage((message) => this.receive(message));
    session.onHolderChange(() => this.onHolderLost());
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'idle' && this.current !== 'closed') return;
    this.setState({ newState: this.hasBeenOpen ? 'reconnecting' : 'connecting', attempt: 0 });
    this.session.wantGateway(this.url);
  }

  stop(): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    this.session.wantGateway(undefined);
    this.setState({ newState: 'closed', attempt: 0 });
  }

  /** Asks the holder to reconnect the socket this tab saw open (if another tab already did, nothing more happens). */
  reconnect(reason = 'client reconnect'): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    this.session.post({ t: 'reconnect', reason, generation: this.generation });
  }

  send(request: object): boolean {
    if (this.current !== 'open') return false;
    this.session.post({ t: 'send', request });
    return true;
  }

  onState(listener: (change: StateChange) => void): () => void {
    return add(this.stateListeners, listener);
  }

  onMessage(listener: (message: ServerMessage, receivedAtMs: number) => void): () => void {
    return add(this.messageListeners, listener);
  }

  onOpen(listener: () => void): () => void {
    return add(this.openListeners, listener);
  }

  onClose(listener: (code: number) => void): () => void {
    return add(this.closeListeners, listener);
  }

  private receive(message: HolderMessage): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    switch (message.t) {
      case 'state':
        return this.onHolderState(message.change, message.generation);
      case 'close':
        for (const listener of this.closeListeners) listener(message.code);
        return;
      case 'messages':
        if (this.current !== 'open') return;
        for (const item of message.messages) {
          // A pong is timed on this tab's clock: the ping's round trip and the clock offset are this tab's.
          const receivedAtMs = item.type === 'pong' ? hopClockMs() : message.receivedAtMs;
          for (const listener of this.messageListeners) listener(item, receivedAtMs);
        }
        return;
      default:
        return;
    }
  }

  private onHolderState(change: StateChange, generation: number): void {
    if (change.newState === 'open') {
      if (this.current === 'open' && generation === this.generation) return;
      // An open of another socket than the one this tab saw: it went down in between, unseen.
      if (this.current === 'open') this.setState({ newState: 'reconnecting', attempt: 0 });
      this.generation = generation;
      this.hasBeenOpen = true;
      this.setState({ newState: 'open', attempt: 0 });
      for (const listener of this.openListeners) listener();
      return;
    }
    const newState = this.hasBeenOpen || change.newState === 'reconnecting' ? 'reconnecting' : 'connecting';
    this.setState({ newState, attempt: change.attempt, ...(change.retryAt === undefined ? {} : { retryAt: change.retryAt }) });
  }

  // The holder went away: until the new one's socket is open, this tab is reconnecting.
  private onHolderLost(): void {
    if (this.current === 'idle' || this.current === 'closed') return;
    this.setState({ newState: this.hasBeenOpen ? 'reconnecting' : 'connecting', attempt: 0 });
  }

  private setState(next: Omit<StateChange, 'oldState'>): void {
    const oldState = this.current;
    if (oldState === next.newState && next.retryAt === undefined) return;
    this.current = next.newState;
    const change: StateChange = { oldState, ...next };
    for (const listener of this.stateListeners) listener(change);
  }
}

function add<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => set.delete(item);
}
