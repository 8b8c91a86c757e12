// The SharedWorker that holds the gateway socket and the index stream for every tab of the browser
// (started by browser-sharing.ts). Each tab connects with a port; the hub does the rest.
import { HubHost } from './holder-host.ts';
import { RELAY_PREFIX } from './relay-messages.ts';
import type { LockManagerLike } from './tab-session.ts';
import type { TabPost } from './gateway-hub.ts';

interface SharedWorkerScope {
  onconnect: ((event: MessageEvent) => void) | null;
  navigator: { locks?: LockManagerLike };
}

const scope = globalThis as unknown as SharedWorkerScope;
const host = new HubHost(scope.navigator.locks, RELAY_PREFIX);

scope.onconnect = (event) => {
  const port = event.ports[0];
  if (!port) return;
  const post: TabPost = (message) => port.postMessage(message);
  port.addEventListener('message', (message: MessageEvent) => host.receive(message.data, () => post));
  port.start();
};
