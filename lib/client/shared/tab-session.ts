// One tab's side of the shared connection: its id, the lock that says it is alive, and joining the
// holder (again, whenever a new one takes over) with what the tab wants: the gateway, the index from
// after its last event. The link (shared-link.ts) and the index source below ride on it.
import { compareStreamIds } from '../../protocol/stream-id.ts';
import type { IndexSourceFactory } from '../index-feed.ts';
import type { HolderMessage, TabId, TabMessage, TabMessageBody } from './relay-messages.ts';

/** How a tab reaches its holder: a SharedWorker's port, or BroadcastChannels to the leader tab. */
export interface HolderChannel {
  post(message: TabMessage): void;
  /** Messages from the holder to this tab. */
  onMessage(listener: (message: HolderMessage) => void): void;
  /** The holder went away (`isReplaced`: a new one is already there, join it). */
  onHolderChange(listener: (isReplaced: boolean) => void): void;
  close(): void;
}

/** The part of the Web Locks API a tab uses: a lock held for its life tells the holder it is alive. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

/** Distinct per page load; the lock of this name is held while the tab lives. */
export function tabLockName(prefix: string, tab: TabId): string {
  return `${prefix}:tab:${tab}`;
}

export function newTabId(random: () => number = Math.random): TabId {
  return `${Date.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`;
}

export class TabSession {
  private gatewayUrl: string | undefined;
  private index: { lastId: string | undefined; status: 'connecting' | 'open' | 'error'; handlers: Parameters<IndexSourceFactory>[1] } | undefined;
  private readonly listeners = new Set<(message: HolderMessage) => void>();
  private readonly holderListeners = new Set<(isReplaced: boolean) => void>();
  private outbox: TabMessage[] | undefined = [];
  private releaseLock: (() => void) | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly tab: TabId,
    private readonly channel: HolderChannel,
    locks: LockManagerLike | undefined,
    prefix: string,
  ) {
    channel.onMessage((message) => this.receive(message));
    channel.onHolderChange((isReplaced) => {
      for (const listener of this.holderListeners) listener(isReplaced);
      if (this.index) this.setIndexStatus('error');
      if (isReplaced) this.join();
    });
    // Nothing is posted before the tab holds its lock: the holder watches that lock to learn the tab is gone.
    if (!locks) this.flushOutbox();
    else {
      void locks
        .request(tabLockName(prefix, tab), { signal: this.abort.signal }, () => {
          this.flushOutbox();
          return new Promise<void>((resolve) => (this.releaseLock = resolve));
        })
        .catch(() => undefined);
    }
    this.join();
  }

  /** Holder messages for this tab's link. */
  onMessage(listener: (message: HolderMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The holder went away; `isReplaced`: a new one took over and the tab joined it. */
  onHolderChange(listener: (isReplaced: boolean) => void): () => void {
    this.holderListeners.add(listener);
    return () => this.holderListeners.delete(listener);
  }

  post(message: TabMessageBody): void {
    const full = { ...message, tab: this.tab } as TabMessage;
    if (this.outbox) this.outbox.push(full);
    else this.channel.post(full);
  }

  /** The tab's live layer starts (it wants the gateway at `url`) or stops. */
  wantGateway(url: string | undefined): void {
    this.gatewayUrl = url;
    if (url === undefined) this.post({ t: 'release' });
    else this.join();
  }

  /** The index stream through the holder, for IndexFeed: events it has not had yet, each once. */
  readonly indexSource: IndexSourceFactory = (_url, handlers) => {
    this.index = { lastId: this.index?.lastId, status: 'connecting', handlers };
    this.post({ t: 'index', on: true, ...(this.index.lastId === undefined ? {} : { lastId: this.index.lastId }) });
    return () => {
      this.index = undefined;
      this.post({ t: 'index', on: false });
    };
  };

  /** The page is going away: the holder forgets the tab now rather than when its lock goes. */
  leave(): void {
    this.post({ t: 'leave' });
    this.abort.abort();
    this.releaseLock?.();
    this.channel.close();
  }

  private join(): void {
    this.post({ t: 'join', ...(this.gatewayUrl === undefined ? {} : { url: this.gatewayUrl }) });
    if (this.index) this.post({ t: 'index', on: true, ...(this.index.lastId === undefined ? {} : { lastId: this.index.lastId }) });
  }

  private receive(message: HolderMessage): void {
    if (message.t === 'index') return this.onIndexEvent(message.id, message.data);
    if (message.t === 'index-status') return this.setIndexStatus(message.status);
    for (const listener of this.listeners) listener(message);
  }

  private onIndexEvent(id: string, data: string): void {
    const index = this.index;
    if (!index || (index.lastId !== undefined && compareStreamIds(id, index.lastId) <= 0)) return;
    index.lastId = id;
    if (index.status !== 'open') this.setIndexStatus('open');
    index.handlers.onIndex(data, id);
  }

  private setIndexStatus(status: 'connecting' | 'open' | 'error'): void {
    const index = this.index;
    if (!index || index.status === status) return;
    const wasOpen = index.status === 'open';
    index.status = status;
    if (status === 'open') index.handlers.onOpen();
    // A stream that was open and is not now is reconnecting, whatever the holder calls it.
    else if (status === 'error' || wasOpen) index.handlers.onError();
  }

  private flushOutbox(): void {
    const queued = this.outbox ?? [];
    this.outbox = undefined;
    for (const message of queued) this.channel.post(message);
  }
}
