// Which tab an answer belongs to, when many tabs share one socket. Every tab's latency probe numbers its
// pings from 1, so a ping gets an id unique on the socket and its pong goes back to the one tab with
// the tab's own id. Order ops keep their ids (the engine echoes them as `requestId` in events every tab
// receives, as each would on a socket of its own); an `error` naming an id goes to the tab that used it.
import { isRecord, type TabId } from './relay-messages.ts';

/** Ids remembered per kind: far more than are ever in flight (a ping every 5 s a tab; an order op a click). */
const REMEMBERED = 512;

export class RequestRouter {
  private counter = 0;
  private readonly pings = new Map<string, { tab: TabId; id: unknown }>();
  private readonly requestTabs = new Map<string, TabId>();

  /** The request as it goes on the socket: a ping gets an id of the holder's; any other id is noted for its error. */
  outgoing(tab: TabId, request: object): object {
    if (!isRecord(request)) return request;
    if (request.op === 'ping') {
      const id = `hub-${++this.counter}`;
      remember(this.pings, id, { tab, id: request.id });
      return { ...request, id };
    }
    if (request.id !== undefined) remember(this.requestTabs, idKey(request.id), tab);
    return request;
  }

  /** A pong for one of the relayed pings: the tab and the pong with the tab's own id (undefined when not ours). */
  pong(message: { id?: unknown }): { tab: TabId; message: object } | undefined {
    if (typeof message.id !== 'string') return undefined;
    const origin = this.pings.get(message.id);
    if (!origin) return undefined;
    this.pings.delete(message.id);
    return { tab: origin.tab, message: { ...message, id: origin.id } };
  }

  /** The tab that sent the request with this id, if one did. */
  tabOfRequest(id: unknown): TabId | undefined {
    return id === undefined ? undefined : this.requestTabs.get(idKey(id));
  }

  /** A tab is gone: its pings will not be answered to it. */
  dropTab(tab: TabId): void {
    for (const [id, origin] of this.pings) if (origin.tab === tab) this.pings.delete(id);
    for (const [id, owner] of this.requestTabs) if (owner === tab) this.requestTabs.delete(id);
  }
}

function idKey(id: unknown): string {
  return `${typeof id}:${String(id)}`;
}

// A Map iterates in insertion order: past the limit, the oldest entry goes.
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}
