// Opens this tab's way to the holder: the SharedWorker (bundled by Next from holder-worker.ts; the
// `new SharedWorker(new URL(...), ...)` form is what the bundler recognises), or the leader-tab channels.
import { leaderTabChannel, workerPortChannel } from './holder-host.ts';
import { RELAY_PREFIX, type TabId } from './relay-messages.ts';
import type { HolderChannel, LockManagerLike } from './tab-session.ts';

export function holderChannelOf(mode: 'worker' | 'tabs', tab: TabId, locks: LockManagerLike): HolderChannel {
  if (mode === 'tabs') return leaderTabChannel(tab, RELAY_PREFIX, locks, (name) => new BroadcastChannel(name));
  const worker = new SharedWorker(new URL('./holder-worker.ts', import.meta.url), { type: 'module', name: RELAY_PREFIX });
  return workerPortChannel(worker.port);
}
