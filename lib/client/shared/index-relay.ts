// The holder's one index EventSource for every tab that shows the index: open while at least one wants
// it. A tab joining a running stream gets the newest event at once (what a stream of its own would
// open with), or the events after its own last id when the holder still has them; a tab further behind
// than that (only after a hand-over, when the new holder opened the stream from another tab's point)
// makes the holder reopen the stream from its point, and the tabs that are ahead drop what they have.
import { compareStreamIds } from '../../protocol/stream-id.ts';
import type { IndexSourceFactory } from '../index-feed.ts';
import type { IndexLinkStatus, TabId } from './relay-messages.ts';

/** Events kept for a tab that joins a little behind: about 25 s of a 4 Hz index. */
const KEPT = 100;

export interface IndexRelayOptions {
  url: string;
  open: IndexSourceFactory;
  /** Tells tabs something: a status, or an event. */
  post(tabs: Iterable<TabId>, message: { t: 'index-status'; status: IndexLinkStatus } | { t: 'index'; id: string; data: string }): void;
}

export class IndexRelay {
  private readonly tabs = new Set<TabId>();
  private close: (() => void) | undefined;
  private status: IndexLinkStatus = 'connecting';
  /** The id the open stream resumed after (undefined: it started at the newest event). */
  private openedAfter: string | undefined;
  /** The newest events relayed since the stream opened, oldest first. */
  private recent: { id: string; data: string }[] = [];
  /** Whether events relayed since the stream opened were let go from `recent`. */
  private hasDropped = false;

  constructor(private readonly options: IndexRelayOptions) {}

  /** A tab wants the index from after `lastId` (undefined: from the newest event). */
  add(tab: TabId, lastId: string | undefined): void {
    this.tabs.add(tab);
    if (!this.close) return this.openFrom(lastId);
    this.options.post([tab], { t: 'index-status', status: this.status });
    if (lastId === undefined) {
      const newest = this.recent.at(-1);
      if (newest) this.options.post([tab], { t: 'index', ...newest });
      return;
    }
    if (!this.covers(lastId)) return this.openFrom(lastId);
    for (const event of this.recent) if (compareStreamIds(event.id, lastId) > 0) this.options.post([tab], { t: 'index', ...event });
  }

  /** A tab no longer wants it (or is gone); the stream closes with the last one. */
  remove(tab: TabId): void {
    if (!this.tabs.delete(tab) || this.tabs.size > 0) return;
    this.close?.();
    this.close = undefined;
    this.recent = [];
    this.status = 'connecting';
  }

  /** Closes the stream (the holder is stopping). */
  stop(): void {
    for (const tab of [...this.tabs]) this.remove(tab);
  }

  // Whether the tab can have everything after `lastId` from here: an event at or before it is still
  // kept, or the stream resumed at or before it and nothing relayed since was let go.
  private covers(lastId: string): boolean {
    const first = this.recent[0];
    if (first && compareStreamIds(first.id, lastId) <= 0) return true;
    return !this.hasDropped && this.openedAfter !== undefined && compareStreamIds(this.openedAfter, lastId) <= 0;
  }

  private openFrom(lastId: string | undefined): void {
    this.close?.();
    this.openedAfter = lastId;
    this.recent = [];
    this.hasDropped = false;
    this.setStatus('connecting');
    const url = lastId === undefined ? this.options.url : `${this.options.url}${this.options.url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastId)}`;
    let isCurrent = true;
    const close = this.options.open(url, {
      onOpen: () => {
        if (isCurrent) this.setStatus('open');
      },
      onError: () => {
        if (isCurrent) this.setStatus('error');
      },
      onIndex: (data, id) => {
        if (isCurrent && typeof data === 'string' && id !== undefined) this.relay({ id, data });
      },
    });
    this.close = () => {
      isCurrent = false;
      close();
    };
  }

  private relay(event: { id: string; data: string }): void {
    const newest = this.recent[this.recent.length - 1];
    if (newest && compareStreamIds(event.id, newest.id) <= 0) return;
    this.recent.push(event);
    if (this.recent.length > KEPT) {
      this.recent.shift();
      this.hasDropped = true;
    }
    // Events arrive while the stream is open, whatever EventSource said last.
    if (this.status !== 'open') this.setStatus('open');
    this.options.post(this.tabs, { t: 'index', ...event });
  }

  private setStatus(status: IndexLinkStatus): void {
    this.status = status;
    this.options.post(this.tabs, { t: 'index-status', status });
  }
}
