// A SharedWorker that crashes or is ended takes the tabs' one socket with it, and its MessagePorts say
// nothing. So the worker holds a Web Lock of its own name for its life (the browser releases a dead
// context's locks) and tells each tab the name once it holds it; the tab asks for that lock, and being
// granted it means the worker is gone. The tab then lets the lock go, starts a SharedWorker of the same
// URL and name (the browser never hands back a dead one: the first tab there starts it, the others join
// it) and joins again as after any new holder, then watches the new worker the same way.
//
// The name is the worker's own (a random part per worker), not one shared name: a tab asking for a
// shared name after its worker died could queue behind the next worker and wait on the wrong one. And a
// tab asks only once the worker holds the lock, so its request can never come first.
import type { HolderMessage } from './relay-messages.ts';
import type { HolderChannel, LockManagerLike } from './tab-session.ts';

/** One tab's connection to one started SharedWorker (tests pass fakes). */
export interface WorkerConnection {
  channel: HolderChannel;
  /** The worker names the lock it holds for its life, once it holds it. */
  onLifeLock(listener: (name: string) => void): void;
  /** The worker failed to start (its script did not load or run). */
  onError(listener: () => void): void;
}

/** The lock a worker holds for its life. */
export function workerLockName(prefix: string, workerId: string): string {
  return `${prefix}:worker:${workerId}`;
}

/**
 * In the worker: takes its life lock and keeps it until the worker ends. Resolves with the lock's name
 * once held, or undefined without Web Locks (then no tab watches, as before).
 */
export function holdLifeLock(locks: LockManagerLike | undefined, prefix: string, workerId?: string): Promise<string | undefined> {
  if (!locks) return Promise.resolve(undefined);
  const name = workerLockName(prefix, workerId ?? crypto.randomUUID());
  return new Promise((resolve) => {
    void locks
      .request(name, {}, () => {
        resolve(name);
        return new Promise<void>(() => undefined);
      })
      .catch(() => resolve(undefined));
  });
}

/** The tab's channel to the SharedWorker, which starts a new worker (and joins it) when the one it talks to dies. */
export class WorkerWatchdog implements HolderChannel {
  private current: WorkerConnection;
  private isClosed = false;
  private readonly abort = new AbortController();
  private readonly listeners = new Set<(message: HolderMessage) => void>();
  private readonly holderListeners = new Set<(isReplaced: boolean) => void>();
  private readonly failureListeners = new Set<() => void>();

  constructor(
    private readonly connect: () => WorkerConnection,
    private readonly locks: LockManagerLike,
  ) {
    this.current = this.start();
  }

  post(message: Parameters<HolderChannel['post']>[0]): void {
    this.current.channel.post(message);
  }

  onMessage(listener: (message: HolderMessage) => void): void {
    this.listeners.add(listener);
  }

  /** A new worker replaced a dead one (`isReplaced` is always true: join it). */
  onHolderChange(listener: (isReplaced: boolean) => void): void {
    this.holderListeners.add(listener);
  }

  /** The current worker failed to start. */
  onFailure(listener: () => void): void {
    this.failureListeners.add(listener);
  }

  /** Stops watching and lets the worker go. */
  close(): void {
    this.isClosed = true;
    this.abort.abort();
    this.current.channel.close();
  }

  private start(): WorkerConnection {
    const connection = this.connect();
    const isCurrent = (): boolean => !this.isClosed && connection === this.current;
    connection.channel.onMessage((message) => {
      if (isCurrent()) for (const listener of this.listeners) listener(message);
    });
    connection.onError(() => {
      if (isCurrent()) for (const listener of this.failureListeners) listener();
    });
    let isWatched = false;
    connection.onLifeLock((name) => {
      if (isWatched || !isCurrent()) return;
      isWatched = true;
      void this.locks
        .request(name, { signal: this.abort.signal }, () => {
          if (isCurrent()) this.replace();
          // Held by nobody now: let it go at once, for the next tab waiting on the same dead worker.
          return Promise.resolve();
        })
        .catch(() => undefined);
    });
    return connection;
  }

  private replace(): void {
    this.current.channel.close();
    this.current = this.start();
    for (const listener of this.holderListeners) listener(true);
  }
}
