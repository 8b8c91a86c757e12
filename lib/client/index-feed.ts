// The composite index and every instrument's quote over Server-Sent Events: one EventSource per page,
// open while something shows it. EventSource reconnects by itself and resumes with Last-Event-ID.
import { indexTickSchema, type IndexTick } from '../protocol/index-tick.ts';
import { ValueStore } from './frame-store.ts';
import { Lease } from './lease.ts';

/** The index as the page shows it. */
export interface IndexState {
  status: 'connecting' | 'live' | 'reconnecting';
  tick: IndexTick | undefined;
  /** Index events received, for the page's "updates received" counter. */
  count: number;
}

/** Opens an event stream and reports its `index` events; returns the closer. Tests pass a scripted one. */
export type IndexSourceFactory = (url: string, handlers: { onOpen(): void; onError(): void; onIndex(data: unknown): void }) => () => void;

/** The browser's EventSource. */
export const browserIndexSource: IndexSourceFactory = (url, handlers) => {
  const source = new EventSource(url);
  source.onopen = () => handlers.onOpen();
  source.onerror = () => handlers.onError();
  source.addEventListener('index', (event: MessageEvent) => handlers.onIndex(event.data));
  return () => source.close();
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
