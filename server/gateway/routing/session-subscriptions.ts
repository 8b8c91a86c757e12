// One socket's subscriptions by key (a book, trades or index channel, candles of one timeframe): each
// held in the hub that serves it, released from there, and conflated or recovered with its socket.
import { BookSubscription } from '../fanout/book-subscription.ts';
import type { ClientOutbox } from '../fanout/client-outbox.ts';
import { RoutedTarget } from '../fanout/routed-target.ts';
import type { ResumePoint, StartPlan } from '../fanout/depth-view.ts';
import type { BookHub } from '../ingest/book-hub.ts';
import type { ExpectedShape, PassthroughHub, PassthroughTarget } from '../ingest/passthrough-hub.ts';

/** The hubs a session's subscriptions are held in. */
export interface SubscriptionHubs {
  books: Pick<BookHub, 'add' | 'remove' | 'recover'>;
  forwards: Pick<PassthroughHub, 'add' | 'addResuming' | 'addWithLatest' | 'remove'>;
}

/**
 * How a forwarded subscription starts besides live: a stream (trades, the index) resumed after an entry
 * id, or candles that get the channel's latest candles first. `announce` sends the `subscribed` reply
 * before them (with how many entries a resume replays).
 */
export type ForwardStart =
  | { kind: 'resume'; afterId: string; announce: (replayed: number) => void }
  | { kind: 'latest'; fromOpenTime: number | undefined; announce: () => void };

type Entry = { key: string } & ({ kind: 'book'; sub: BookSubscription } | { kind: 'forward'; name: string; target: PassthroughTarget });

/**
 * A socket's subscriptions; adding under a key in use replaces what was there, in its place. Kept in
 * an array searched by key, not a Map: a socket has a few (at most `maxSubscriptions`), and a Map's
 * table costs about 250 bytes on every socket, idle or not.
 */
export class SessionSubscriptions {
  private entries: Entry[] = [];

  constructor(
    private readonly hubs: SubscriptionHubs,
    private readonly outbox: ClientOutbox,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  has(key: string): boolean {
    return this.indexOf(key) !== -1;
  }

  /**
   * Subscribes to a book at a depth bucket; `announce` (the `subscribed` reply) goes out before its first frame.
   * With `timing`, its live deltas carry hop times.
   */
  addBook(key: string, symbol: string, depth: number, resume: ResumePoint | undefined, announce: (plan: StartPlan) => void, timing = false): void {
    const index = this.releaseKey(key);
    const sub = new BookSubscription(symbol, depth, this.outbox, key, timing);
    this.place(index, { key, kind: 'book', sub });
    this.hubs.books.add(sub, resume, announce);
    // Joining while the socket is congested: start conflated, the snapshot follows the drain.
    if (this.outbox.isCongested) sub.conflate();
  }

  /** Subscribes to a forwarded broker channel (trades, candles, the index), live only or as `start` says; `timed`: with hop times (the index). */
  addForward(key: string, name: string, expected: ExpectedShape, start?: ForwardStart, timed = false): void {
    const index = this.releaseKey(key);
    const target = new RoutedTarget(this.outbox, key, timed);
    this.place(index, { key, kind: 'forward', name, target });
    if (start?.kind === 'resume') this.hubs.forwards.addResuming(name, expected, target, start.afterId, start.announce);
    else if (start?.kind === 'latest') this.hubs.forwards.addWithLatest(name, expected, target, start.fromOpenTime, start.announce);
    else this.hubs.forwards.add(name, expected, target);
  }

  /** Drops one subscription; false when there is none under `key`. */
  remove(key: string): boolean {
    const index = this.indexOf(key);
    const entry = this.entries[index];
    if (!entry) return false;
    this.entries.splice(index, 1);
    this.release(entry);
    return true;
  }

  /** Drops every subscription (on close). */
  releaseAll(): void {
    for (const entry of this.entries) this.release(entry);
    this.entries = [];
  }

  /** The socket is congested: stops every book's deltas; returns how many books were conflated. */
  conflateBooks(): number {
    let count = 0;
    for (const entry of this.entries) {
      if (entry.kind !== 'book') continue;
      entry.sub.conflate();
      count += 1;
    }
    return count;
  }

  /** The socket drained: each conflated book gets a fresh snapshot. */
  recoverBooks(): void {
    for (const entry of this.entries) {
      if (entry.kind === 'book' && entry.sub.state === 'conflated') this.hubs.books.recover(entry.sub);
    }
  }

  private indexOf(key: string): number {
    return this.entries.findIndex((entry) => entry.key === key);
  }

  // A replaced subscription is released first; its successor takes its place (see `place`).
  private releaseKey(key: string): number {
    const index = this.indexOf(key);
    const existing = this.entries[index];
    if (existing) this.release(existing);
    return index;
  }

  private place(index: number, entry: Entry): void {
    if (index !== -1) this.entries[index] = entry;
    // A first subscription gets an array of one, not the 17 slots a push onto an empty array reserves.
    else if (this.entries.length === 0) this.entries = [entry];
    else this.entries.push(entry);
  }

  private release(entry: Entry): void {
    if (entry.kind === 'book') {
      this.outbox.dropOwned(entry.sub);
      this.hubs.books.remove(entry.sub);
    } else {
      this.hubs.forwards.remove(entry.name, entry.target);
    }
  }
}
