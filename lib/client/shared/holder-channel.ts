// Opens this tab's way to the holder: the SharedWorker (bundled by Next from holder-worker.ts; the
// `new SharedWorker(new URL(...), ...)` form is what the bundler recognises), or the leader-tab channels.
// A worker that fails to start (blocked by a policy or an extension) before saying anything leaves the
// tab on the leader-tab way instead, as if a new holder had taken over.
import { leaderTabChannel, workerPortChannel } from './holder-host.ts';
import { RELAY_PREFIX, type HolderMessage, type TabId, type TabMessage } from './relay-messages.ts';
import type { HolderChannel, LockManagerLike } from './tab-session.ts';

export function holderChannelOf(mode: 'worker' | 'tabs', tab: TabId, locks: LockManagerLike): HolderChannel {
  const tabsChannel = (): HolderChannel => leaderTabChannel(tab, RELAY_PREFIX, locks, (name) => new BroadcastChannel(name));
  if (mode === 'tabs') return tabsChannel();
  const worker = new SharedWorker(new URL('./holder-worker.ts', import.meta.url), { type: 'module', name: RELAY_PREFIX });
  return withFallback(workerPortChannel(worker.port), (onError) => worker.addEventListener('error', onError), tabsChannel);
}

/** A channel that moves to `fallback()` when `primary` fails before its first message. */
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
      if (channel === current) for (const listener of holderListeners) listener(isReplaced);
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
