// The subscriptions of every tab sharing one gateway socket, counted per key (channel, symbol,
// timeframe): the first tab in subscribes, the last one out unsubscribes. A tab that subscribes to a
// key already running still needs its own start (a book snapshot, or the trades and bars it missed):
// its request goes to the gateway unless one already on its way starts early enough for it too. The
// gateway then sends the snapshot or replay on the one socket and every tab of the key gets it; the
// tabs that are ahead drop what they already have (a delta at or below their seq, a trade id at or
// below their last), so nothing is missed or doubled. Pure: the holder feeds it requests and replies.
import { compareStreamIds } from '../../protocol/stream-id.ts';
import { TIMEFRAME_VALUES, type Timeframe } from '../../protocol/messages.ts';
import { keyOf, type Subscribe } from '../subscription-set.ts';
import { isRecord, type TabId } from './relay-messages.ts';

interface Entry {
  /** The tabs subscribed to this key. */
  readonly tabs: Set<TabId>;
  /** The request sent to the gateway and not answered yet, and the tabs waiting for its reply. */
  pending: { request: Subscribe; tabs: Set<TabId> } | undefined;
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
      entry = { tabs: new Set(), pending: undefined };
      this.entries.set(key, entry);
    }
    entry.tabs.add(tab);
    const pending = entry.pending;
    if (pending && startsNoLater(pending.request, request)) {
      pending.tabs.add(tab);
      return {};
    }
    const forward = pending ? earliest(pending.request, request) : request;
    entry.pending = { request: forward, tabs: new Set([...(pending?.tabs ?? []), tab]) };
    // Neither start served the other and the merge is the one already sent: nothing better to ask for.
    if (pending && sameRequest(forward, pending.request)) return {};
    return { forward };
  }

  /** A tab unsubscribes; the gateway's subscription ends with the last tab. */
  unsubscribe(tab: TabId, key: string): BoardStep {
    const entry = this.entries.get(key);
    if (!entry?.tabs.delete(tab)) return {};
    entry.pending?.tabs.delete(tab);
    if (entry.tabs.size > 0) return {};
    this.entries.delete(key);
    return { unsubscribe: unsubscribeFor(key) };
  }

  /** A tab is gone: every key it held, released as if it had unsubscribed from each. */
  dropTab(tab: TabId): BoardStep[] {
    return [...this.entries.keys()].map((key) => this.unsubscribe(tab, key)).filter((step) => step.unsubscribe !== undefined);
  }

  /** The gateway answered a subscribe of `key`: the tabs waiting for that answer. */
  onSubscribed(key: string): TabId[] {
    const entry = this.entries.get(key);
    const waiting = entry?.pending?.tabs;
    if (!entry || !waiting) return [];
    entry.pending = undefined;
    return [...waiting].filter((tab) => entry.tabs.has(tab));
  }

  /** The tabs subscribed to `key`. */
  tabsOf(key: string): ReadonlySet<TabId> {
    return this.entries.get(key)?.tabs ?? EMPTY;
  }

  /** Whether `tab` is subscribed to `key`. */
  has(tab: TabId, key: string): boolean {
    return this.entries.get(key)?.tabs.has(tab) === true;
  }

  /** The socket closed: nothing sent on it will be answered; the tabs subscribe again on the next open. */
  forgetPending(): void {
    for (const entry of this.entries.values()) entry.pending = undefined;
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

function sameRequest(a: Subscribe, b: Subscribe): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function unsubscribeFor(key: string): NonNullable<BoardStep['unsubscribe']> {
  const [channel, symbol = '', timeframe] = key.split(':') as [Subscribe['channel'], string, Timeframe | undefined];
  return { op: 'unsubscribe', channel, symbol, ...(channel === 'candles' && timeframe ? { timeframe } : {}) };
}
