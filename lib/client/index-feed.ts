// The composite index and every instrument's quote over Server-Sent Events: one EventSource per page,
// open while something shows it. EventSource reconnects by itself and resumes with Last-Event-ID;
// one that gives up (an HTTP error) is reopened.
import { indexTickSchema, type IndexTick } from '../protocol/index-tick.ts';
import { backoffDelayMs } from '../util/backoff.ts';
import { ValueStore } from './frame-store.ts';
import { Lease } from './lease.ts';

/** The index as the page shows it. */
export interface IndexState {
  status: 'connecting' | 'live' | 'reconnecting';
  tick: IndexTick | undefined;
  /** Index events received, for the page's "updates received" counter. */
  count: number;
}

/**
 * Opens an event stream and reports its `index` events, each with its event id (the stream id it
 * resumes from); returns the closer. Tests pass a scripted one; tabs sharing a connection pass a relay.
 */
export type IndexSourceFactory = (url: string, handlers: { onOpen(): void; onError(): void; onIndex(data: unknown, id?: string): void }) => () => void;

// EventSource retries by itself after a dropped connection, but gives up for good on an HTTP error
// (a node at its stream ceiling answers 503): then the page opens a new one after a backoff, resuming
// from the last id it saw.
const REOPEN_BACKOFF = { baseMs: 1_000, maxMs: 30_000 };
const REOPEN_MIN_MS = 500;

/** The browser's EventSource, reopened after it gives up. */
export const browserIndexSource: IndexSourceFactory = (url, handlers) => {
  let source: EventSource | undefined;
  let lastEventId: string | undefined;
  let attempt = 0;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;
  const open = (): void => {
    const opened = new EventSource(lastEventId === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastEventId)}`);
    source = opened;
    opened.onopen = () => {
      attempt = 0;
      handlers.onOpen();
    };
    opened.onerror = () => {
      handlers.onError();
      if (isStopped || opened.readyState !== EventSource.CLOSED) return;
      reopenTimer = setTimeout(open, REOPEN_MIN_MS + backoffDelayMs(attempt++, REOPEN_BACKOFF));
    };
    opened.addEventListener('index', (event: MessageEvent) => {
      if (event.lastEventId !== '') lastEventId = event.lastEventId;
      handlers.onIndex(event.data, event.lastEventId === '' ? undefined : event.lastEventId);
    });
  };
  open();
  return () => {
    isStopped = true;
    clearTimeout(reopenTimer);
    source?.close();
  };
};

/** The index stream of one page. */
export class IndexFeed {
  readonly store = new ValueStore<IndexState>({ status: 'connecting', tick: undefined, count: 0 });
  private readonly lease: Lease;

  constructor(url = '/api/stream/index', open: IndexSourceFactory = browserIndexSource) {
    this.lease = new Lease(() =>
      open(url, {
        onOpen: () => this.patch({ status: 'live' }),
        onError: () => this.patch({ status: 'reconnecting' }),
        onIndex: (data) => this.onIndex(data),
      }),
    );
  }

  /** Opens the stream while held; returns the release. */
  acquire(): () => void {
    return this.lease.acquire();
  }

  private onIndex(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = indexTickSchema.safeParse(json);
    if (!parsed.success) return;
    this.patch({ status: 'live', tick: parsed.data, count: this.store.current.count + 1 });
  }

  private patch(changes: Partial<IndexState>): void {
    this.store.set({ ...this.store.current, ...changes });
  }
}
