// Runs the hub where it lives and connects tabs to it: over a SharedWorker's ports (holder-worker.ts),
// or, in the leader tab, over BroadcastChannels. Either way every joined tab's lock is watched: the
// browser grants it to the holder once the tab is gone, closed or crashed, and the hub lets go of the
// tab's subscriptions then (a crashed tab cannot say goodbye; a MessagePort does not tell).
import { GatewayHub, type GatewayHubOptions, type TabPost } from './gateway-hub.ts';
import { LeaderElection } from './leader-election.ts';
import { isHolderMessage, isTabMessage, type HolderMessage, type TabId, type TabMessage } from './relay-messages.ts';
import { tabLockName, type HolderChannel, type LockManagerLike } from './tab-session.ts';

/** The BroadcastChannel surface used here (tests pass an in-memory one). */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type ChannelFactory = (name: string) => BroadcastChannelLike;

/** A hub and the tabs joined to it. */
export class HubHost {
  readonly hub: GatewayHub;
  private readonly watched = new Set<TabId>();
  private readonly abort = new AbortController();

  constructor(
    private readonly locks: LockManagerLike | undefined,
    private readonly prefix: string,
    options?: GatewayHubOptions,
  ) {
    this.hub = new GatewayHub(options);
  }

  /** A message from a tab; `postTo` reaches that tab (asked for on its join). */
  receive(message: unknown, postTo: (tab: TabId) => TabPost): void {
    if (!isTabMessage(message)) return;
    if (message.t !== 'join') return this.hub.handle(message);
    this.hub.join(message.tab, message.url, postTo(message.tab));
    this.watch(message.tab);
  }

  stop(): void {
    this.abort.abort();
    this.hub.stop();
  }

  private watch(tab: TabId): void {
    if (!this.locks || this.watched.has(tab)) return;
    this.watched.add(tab);
    void this.locks
      .request(tabLockName(this.prefix, tab), { signal: this.abort.signal }, () => {
        this.watched.delete(tab);
        this.hub.leave(tab);
        return Promise.resolve();
      })
      .catch(() => undefined);
  }
}

/** The leader tab's hosting: the hub's inbox, a channel to each tab, and the announcement that it leads. */
export function hostInTab(prefix: string, locks: LockManagerLike, createChannel: ChannelFactory, options?: GatewayHubOptions): () => void {
  const host = new HubHost(locks, prefix, options);
  const inbox = createChannel(`${prefix}:hub`);
  const everyone = createChannel(`${prefix}:all`);
  const outs = new Map<TabId, BroadcastChannelLike>();
  const postTo = (tab: TabId): TabPost => {
    let out = outs.get(tab);
    if (!out) {
      out = createChannel(`${prefix}:tab:${tab}`);
      outs.set(tab, out);
    }
    const channel = out;
    return (message: HolderMessage) => channel.postMessage(message);
  };
  inbox.addEventListener('message', (event) => {
    host.receive(event.data, postTo);
    const message = event.data as TabMessage;
    if (isTabMessage(message) && message.t === 'leave') {
      outs.get(message.tab)?.close();
      outs.delete(message.tab);
    }
  });
  everyone.postMessage({ t: 'leader' });
  return () => {
    everyone.postMessage({ t: 'leaving' });
    host.stop();
    for (const out of outs.values()) out.close();
    inbox.close();
    everyone.close();
  };
}

/** A tab's way to the holder where tabs elect a leader: this tab may become it. */
export function leaderTabChannel(tab: TabId, prefix: string, locks: LockManagerLike, createChannel: ChannelFactory, options?: GatewayHubOptions): HolderChannel {
  const own = createChannel(`${prefix}:tab:${tab}`);
  const toHub = createChannel(`${prefix}:hub`);
  const everyone = createChannel(`${prefix}:all`);
  const election = new LeaderElection(locks, `${prefix}:leader`, () => hostInTab(prefix, locks, createChannel, options));
  const listeners = new Set<(message: HolderMessage) => void>();
  const holderListeners = new Set<(isReplaced: boolean) => void>();
  own.addEventListener('message', (event) => {
    if (isHolderMessage(event.data)) for (const listener of listeners) listener(event.data);
  });
  everyone.addEventListener('message', (event) => {
    const kind = (event.data as { t?: unknown } | null)?.t;
    if (kind === 'leader' || kind === 'leaving') for (const listener of holderListeners) listener(kind === 'leader');
  });
  election.start();
  return {
    post: (message) => toHub.postMessage(message),
    onMessage: (listener) => void listeners.add(listener),
    onHolderChange: (listener) => void holderListeners.add(listener),
    close: () => {
      election.stop();
      own.close();
      toHub.close();
      everyone.close();
    },
  };
}

/** A tab's way to the holder in a SharedWorker: the worker's port. */
export function workerPortChannel(port: MessagePort): HolderChannel {
  const listeners = new Set<(message: HolderMessage) => void>();
  port.addEventListener('message', (event: MessageEvent) => {
    if (isHolderMessage(event.data)) for (const listener of listeners) listener(event.data);
  });
  port.start();
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => void listeners.add(listener),
    // The worker outlives any one tab; one that dies says nothing here (worker-watchdog.ts notices it).
    onHolderChange: () => undefined,
    close: () => port.close(),
  };
}
