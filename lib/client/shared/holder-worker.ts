// The SharedWorker that holds the gateway socket and the index stream for every tab of the browser
// (started by browser-sharing.ts). Each tab connects with a port; the hub does the rest. The worker
// holds a lock of its own for its life and names it to each tab once held: a tab granted that lock
// knows the worker died and starts a new one (worker-watchdog.ts).
import { HubHost } from './holder-host.ts';
import { RELAY_PREFIX, type WorkerLifeMessage } from './relay-messages.ts';
import type { LockManagerLike } from './tab-session.ts';
import type { TabPost } from './gateway-hub.ts';
import { holdLifeLock } from './worker-watchdog.ts';

interface SharedWorkerScope {
  onconnect: ((event: MessageEvent) => void) | null;
  navigator: { locks?: LockManagerLike };
}

const scope = globalThis as unknown as SharedWorkerScope;
const host = new HubHost(scope.navigator.locks, RELAY_PREFIX);
const lifeLock = holdLifeLock(scope.navigator.locks, RELAY_PREFIX);

scope.onconnect = (event) => {
  const port = event.ports[0];
  if (!port) return;
  const post: TabPost = (message) => port.postMessage(message);
  port.addEventListener('message', (message: MessageEvent) => host.receive(message.data, () => post));
  port.start();
  void lifeLock.then((lock) => {
    if (lock !== undefined) port.postMessage({ t: 'worker', lock } satisfies WorkerLifeMessage);
  });
};
