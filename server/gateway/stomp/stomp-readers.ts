// Which of a STOMP client's subscription ids reads what: a session key (a book, trades, candles or the
// index), the user's order events, or the connection's refusals. The session holds the subscriptions
// themselves; this is only the map the STOMP format addresses frames by.
import { USER_ROUTE, type Route } from '../fanout/outbound-format.ts';
import { stompTarget, type StompTarget } from './stomp-format.ts';

/** What one of the client's subscription ids reads. */
export type StompSubscription = { kind: 'market'; key: string; destination: string } | { kind: 'orders' } | { kind: 'errors' };

/** A connection's subscription ids, and the one that reads each route. */
export class StompReaders {
  private readonly byId = new Map<string, StompSubscription>();
  /** The subscription that reads each session key (the latest one wins, as in the JSON protocol). */
  private readonly readers = new Map<string, StompTarget>();
  private ordersReader: StompTarget | undefined;
  private errorsId: string | undefined;

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The subscription id that reads this connection's refusals, if any. */
  get errorsSubscription(): string | undefined {
    return this.errorsId;
  }

  addErrors(id: string): void {
    this.byId.set(id, { kind: 'errors' });
    this.errorsId = id;
  }

  addOrders(id: string, destination: string): void {
    this.byId.set(id, { kind: 'orders' });
    this.ordersReader = stompTarget(destination, id);
  }

  /** Makes `id` the reader of `key`; returns the reader it replaced, so a refused request can restore it. */
  addMarket(id: string, key: string, destination: string): StompTarget | undefined {
    const replaced = this.readers.get(key);
    this.readers.set(key, stompTarget(destination, id));
    this.byId.set(id, { kind: 'market', key, destination });
    return replaced;
  }

  /** After the request ran: a refused one gives `key` back to the reader it replaced; an accepted one frees that reader's id. */
  settleMarket(id: string, key: string, replaced: StompTarget | undefined): void {
    if (replaced === undefined) return;
    if (!this.byId.has(id)) this.readers.set(key, replaced);
    else if (replaced.subscription !== id) this.byId.delete(replaced.subscription);
  }

  /** Drops `id`; returns the session key it was the reader of (to release), if any, and whether it existed. */
  remove(id: string): { existed: boolean; releasedKey?: string } {
    const subscription = this.byId.get(id);
    if (subscription === undefined) return { existed: false };
    this.byId.delete(id);
    if (subscription.kind === 'orders') this.ordersReader = undefined;
    if (subscription.kind === 'errors') this.errorsId = undefined;
    if (subscription.kind === 'market' && this.readers.get(subscription.key)?.subscription === id) {
      this.readers.delete(subscription.key);
      return { existed: true, releasedKey: subscription.key };
    }
    return { existed: true };
  }

  /** Where a route's frames go; undefined when nothing on this connection reads it. */
  targetOf(route: Route): StompTarget | undefined {
    if (route === undefined) return undefined;
    return route === USER_ROUTE ? this.ordersReader : this.readers.get(route);
  }
}
