// The subscriptions of every tab sharing one gateway socket, counted per key (channel, symbol,
// timeframe): the first tab in subscribes, the last one out unsubscribes. A tab that subscribes to a
// key already running still needs its own start (a book snapshot, or the trades and bars it missed):
// its request goes to the gateway unless the one on its way starts early enough for it too. The
// gateway answers on the one socket and every tab of the key gets the snapshot or replay; tabs that
// are ahead drop what they already have (a delta at or below their seq, a trade id at or below their
// last), so nothing is missed or doubled.
//
// A tab only takes the key's messages from the reply to the request that serves it on: what comes
// after a reply starts at or before the tab's own point and runs on without a hole, as on a socket of
// its own. Were it handed the live stream sooner, a newer trade would move its last id past the older
// ones its replay still brings, and it would drop those as repeats. So one request per key is on its
// way at a time; a tab that needs an earlier start waits for the next. Pure: the holder feeds it
// requests and replies.
import { compareStreamIds } from '../../protocol/stream-id.ts';
import { TIMEFRAME_VALUES, type Timeframe } from '../../protocol/messages.ts';
import { keyOf, type Subscribe } from '../subscription-set.ts';
import { isRecord, type TabId } from './relay-messages.ts';

interface Waiting {
  request: Subscribe;
  tabs: Set<TabId>;
}

interface Entry {
  /** The tabs subscribed to this key. */
  readonly tabs: Set<TabId>;
  /** The tabs that take its messages: the reply serving them has come. */
  readonly live: Set<TabId>;
  /** The request sent to the gateway and not answered yet, and the tabs it serves. */
  inFlight: Waiting | undefined;
  /** What goes next, once that one is answered (the earliest start of the tabs it did not serve). */
  queued: Waiting | undefined;
}

/** What the holder must do after a tab's request. */
export interface BoardStep {
  /** The subscribe to send to the gateway, if any. */
  forward?: Subscribe;
  /** The unsubscribe to send to the gateway, if the last tab left. */
  unsubscribe?: { op: 'unsubscribe'; channel: Subscribe['channel']; symbol: string; timeframe?: Timeframe };
}

export class SubscriptionBoard {
  private readonly entries = new Map<string, Entry>();

  /** A tab subscribes (or asks again for its start: a gap, a bad checksum, a reconnect). */
  subscribe(tab: TabId, request: Subscribe): BoardStep {
    const key = keyOf(request);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { tabs: new Set(), live: new Set(), inFlight: undefined, queued: undefined };
      this.entries.set(key, entry);
    }
    entry.tabs.add(tab);
    entry.live.delete(tab);
    const { inFlight, queued } = entry;
    if (!inFlight) {
      entry.inFlight = { request, tabs: new Set([tab]) };
      return { forward: request };
    }
    if (startsNoLater(inFlight.request, request)) {
      inFlight.tabs.add(tab);
      return {};
    }
    inFlight.tabs.delete(tab);
    entry.queued = queued ? { request: earliest(queued.request, request), tabs: new Set([...queued.tabs, tab]) } : { request, tabs: new Set([tab]) };
    return {};
  }

  /** A tab unsubscribes; the gateway's subscription ends with the last tab. */
  unsubscribe(tab: TabId, key: string): BoardStep {
    const entry = this.entries.get(key);
    if (!entry?.tabs.delete(tab)) return {};
    entry.live.delete(tab);
    entry.inFlight?.tabs.delete(tab);
    entry.queued?.tabs.delete(tab);
    if (entry.queued?.tabs.size === 0) entry.queued = undefined;
    if (entry.tabs.size > 0) return {};
    this.entries.delete(key);
    return { unsubscribe: unsubscribeFor(key) };
  }

  /** A tab is gone: every key it held, released as if it had unsubscribed from each. */
  dropTab(tab: TabId): BoardStep[] {
    return [...this.entries.keys()].map((key) => this.unsubscribe(tab, key)).filter((step) => step.unsubscribe !== undefined);
  }

  /**
   * The gateway answered the subscribe of `key` on its way: the tabs it serves (they take the key's
   * messages from this reply on), and the queued request to send now, if any.
   */
  onSubscribed(key: string): { tabs: TabId[]; forward?: Subscribe } {
    const entry = this.entries.get(key);
    const inFlight = entry?.inFlight;
    if (!entry || !inFlight) return { tabs: [] };
    const served = [...inFlight.tabs].filter((tab) => entry.tabs.has(tab));
    for (const tab of served) entry.live.add(tab);
    entry.inFlight = entry.queued;
    entry.queued = undefined;
    return entry.inFlight ? { tabs: served, forward: entry.inFlight.request } : { tabs: served };
  }

  /** The tabs that take `key`'s messages now. */
  tabsOf(key: string): ReadonlySet<TabId> {
    return this.entries.get(key)?.live ?? EMPTY;
  }

  /** Whether `tab` is subscribed to `key` (taking its messages or waiting for its start). */
  has(tab: TabId, key: string): boolean {
    return this.entries.get(key)?.tabs.has(tab) === true;
  }

  /**
   * The socket closed: nothing sent on it will be answered and no tab takes anything until it has
   * subscribed again, which every tab does on the next open.
   */
  forgetPending(): void {
    for (const entry of this.entries.values()) {
      entry.inFlight = undefined;
      entry.queued = undefined;
      entry.live.clear();
    }
  }
}

const EMPTY: ReadonlySet<TabId> = new Set();

/** A browser subscribe request (book, trades or candles) from a tab, or undefined when it is not one. */
export function subscribeOf(request: object): Subscribe | undefined {
  if (!isRecord(request) || request.op !== 'subscribe' || typeof request.symbol !== 'string') return undefined;
  switch (request.channel) {
    case 'book':
      return typeof request.depth === 'number' ? (request as unknown as Subscribe) : undefined;
    case 'trades':
      return request as unknown as Subscribe;
    case 'candles':
      return (TIMEFRAME_VALUES as readonly unknown[]).includes(request.timeframe) ? (request as unknown as Subscribe) : undefined;
    default:
      return undefined;
  }
}

/** The key of a browser unsubscribe request, or undefined when it is not one. */
export function unsubscribeKeyOf(request: object): string | undefined {
  if (!isRecord(request) || request.op !== 'unsubscribe' || typeof request.symbol !== 'string') return undefined;
  if (request.channel === 'candles') return typeof request.timeframe === 'string' ? `candles:${request.symbol}:${request.timeframe}` : undefined;
  return request.channel === 'book' || request.channel === 'trades' ? `${request.channel}:${request.symbol}` : undefined;
}

/**
 * Whether what `sent` will bring also serves `wanted`. A book request without a resume point gets a
 * snapshot, which serves every tab; one with a point replays from there, serving a tab at or past it
 * in the same epoch. Trades and candles: an earlier point serves a later one, and any request serves
 * one that only wants what comes next.
 */
export function startsNoLater(sent: Subscribe, wanted: Subscribe): boolean {
  if (sent.channel === 'book' && wanted.channel === 'book') {
    if ((wanted.timing === true && sent.timing !== true) || wanted.depth > sent.depth) return false;
    if (sent.resumeSeq === undefined || sent.resumeEpoch === undefined) return true;
    if (wanted.resumeSeq === undefined || wanted.resumeEpoch === undefined) return false;
    return sent.resumeEpoch === wanted.resumeEpoch && sent.resumeSeq <= wanted.resumeSeq;
  }
  if (sent.channel === 'trades' && wanted.channel === 'trades') {
    if (wanted.resumeAfter === undefined) return true;
    return sent.resumeAfter !== undefined && compareStreamIds(sent.resumeAfter, wanted.resumeAfter) <= 0;
  }
  if (sent.channel === 'candles' && wanted.channel === 'candles') {
    if (wanted.resumeFrom === undefined) return sent.resumeFrom === undefined;
    return sent.resumeFrom !== undefined && sent.resumeFrom <= wanted.resumeFrom;
  }
  return false;
}

/** One request that serves both (they have the same key): the earlier start. */
export function earliest(a: Subscribe, b: Subscribe): Subscribe {
  if (a.channel === 'book' && b.channel === 'book') {
    const timing = a.timing === true || b.timing === true ? { timing: true } : {};
    const depth = Math.max(a.depth, b.depth);
    const isSameRun = a.resumeEpoch !== undefined && a.resumeEpoch === b.resumeEpoch && a.resumeSeq !== undefined && b.resumeSeq !== undefined;
    const resume = isSameRun ? { resumeSeq: Math.min(a.resumeSeq ?? 0, b.resumeSeq ?? 0), resumeEpoch: a.resumeEpoch } : {};
    return { op: 'subscribe', channel: 'book', symbol: a.symbol, depth, ...resume, ...timing };
  }
  if (a.channel === 'candles' && b.channel === 'candles') {
    // Neither start serves "the newest bars" exactly; the earlier bar does, and brings them too.
    const starts = [a.resumeFrom, b.resumeFrom].filter((from) => from !== undefined);
    return starts.length === 0 ? a : { ...a, resumeFrom: Math.min(...starts) };
  }
  return startsNoLater(a, b) ? a : b;
}

function unsubscribeFor(key: string): NonNullable<BoardStep['unsubscribe']> {
  const [channel, symbol = '', timeframe] = key.split(':') as [Subscribe['channel'], string, Timeframe | undefined];
  return { op: 'unsubscribe', channel, symbol, ...(channel === 'candles' && timeframe ? { timeframe } : {}) };
}
