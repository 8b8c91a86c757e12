// Opens this tab's way to the holder: the SharedWorker (bundled by Next from holder-worker.ts; the
// `new SharedWorker(new URL(...), ...)` form is what the bundler recognises), or the leader-tab channels.
// A worker that fails to start (blocked by a policy or an extension) before saying anything leaves the
// tab on the leader-tab way instead, as if a new holder had taken over. A worker that dies later is
// replaced by a new one (worker-watchdog.ts); should that one fail to start, the same applies.
import { leaderTabChannel, workerPortChannel } from './holder-host.ts';
import { isWorkerLifeMessage, RELAY_PREFIX, type HolderMessage, type TabId, type TabMessage } from './relay-messages.ts';
import type { HolderChannel, LockManagerLike } from './tab-session.ts';
import { WorkerWatchdog, type WorkerConnection } from './worker-watchdog.ts';

export function holderChannelOf(mode: 'worker' | 'tabs', tab: TabId, locks: LockManagerLike): HolderChannel {
  const tabsChannel = (): HolderChannel => leaderTabChannel(tab, RELAY_PREFIX, locks, (name) => new BroadcastChannel(name));
  if (mode === 'tabs') return tabsChannel();
  // Each call starts the worker of this URL and name, or joins it when it runs.
  const connect = (): WorkerConnection => workerConnectionOf(new SharedWorker(new URL('./holder-worker.ts', import.meta.url), { type: 'module', name: RELAY_PREFIX }));
  const watched = new WorkerWatchdog(connect, locks);
  return withFallback(watched, (onError) => watched.onFailure(onError), tabsChannel);
}

/** The SharedWorker surface a tab uses (tests pass a MessageChannel's port). */
export interface SharedWorkerLike {
  readonly port: MessagePort;
  addEventListener(type: 'error', listener: () => void): void;
}

/** A tab's connection to a started SharedWorker: its port, the lock it names, its start failing. */
export function workerConnectionOf(worker: SharedWorkerLike): WorkerConnection {
  const { port } = worker;
  return {
    channel: workerPortChannel(port),
    onLifeLock: (listener) =>
      port.addEventListener('message', (event: MessageEvent) => {
        if (isWorkerLifeMessage(event.data)) listener(event.data.lock);
      }),
    onError: (listener) => worker.addEventListener('error', listener),
  };
}

/**
 * A channel that moves to `fallback()` when `primary` fails before its first message. A primary whose
 * holder was replaced (a new worker) is starting again: it may fail the same way until it answers.
 */
export function withFallback(primary: HolderChannel, onFailure: (listener: () => void) => void, fallback: () => HolderChannel): HolderChannel {
  let current = primary;
  let hasHeard = false;
  const listeners = new Set<(message: HolderMessage) => void>();
  const holderListeners = new Set<(isReplaced: boolean) => void>();
  const attach = (channel: HolderChannel): void => {
    channel.onMessage((message) => {
      if (channel !== current) return;
      hasHeard = true;
      for (const listener of listeners) listener(message);
    });
    channel.onHolderChange((isReplaced) => {
      if (channel !== current) return;
      if (isReplaced && channel === primary) hasHeard = false;
      for (const listener of holderListeners) listener(isReplaced);
    });
  };
  attach(primary);
  onFailure(() => {
    if (hasHeard || current !== primary) return;
    primary.close();
    current = fallback();
    attach(current);
    // The tab joins again, now through the fallback.
    for (const listener of holderListeners) listener(true);
  });
  return {
    post: (message: TabMessage) => current.post(message),
    onMessage: (listener) => void listeners.add(listener),
    onHolderChange: (listener) => void holderListeners.add(listener),
    close: () => current.close(),
  };
}
