// One broker subscription per process for the index stream, shared by every open SSE client:
// each entry is encoded once and the same bytes are handed to every client.
import { compareStreamIds, type Broker, type StreamEntry } from '../broker/broker.ts';
import { getMetrics } from '../metrics.ts';
import { INDEX_STREAM } from '../protocol/channels.ts';
import { encodeEvent } from './sse-format.ts';

/** A client of the hub: receives each live entry with its pre-encoded `index` event. */
export interface HubClient {
  onEntry(entry: StreamEntry, encoded: Uint8Array): void;
  /** Ends the client's stream (on shutdown, so EventSource reconnects to another node). */
  close(): void;
}

/** Fans the live index stream out to the SSE clients of this process. */
export class IndexHub {
  private readonly clients = new Set<HubClient>();
  private unsubscribe: Promise<() => Promise<void>> | undefined;
  private lastId = '0-0';

  constructor(private readonly broker: Broker) {}

  /** Number of clients currently attached. */
  get size(): number {
    return this.clients.size;
  }

  /** Whether this hub holds a broker subscription right now. */
  get isSubscribed(): boolean {
    return this.unsubscribe !== undefined;
  }

  /** Attaches a client; resolves once the broker subscription is live, so nothing published after is missed. */
  async add(client: HubClient): Promise<void> {
    this.clients.add(client);
    getMetrics().connections.inc({ transport: 'sse' });
    this.unsubscribe ??= this.broker.tail(INDEX_STREAM, (entry) => this.dispatch(entry));
    await this.unsubscribe;
  }

  /** Detaches a client; the last one out releases the broker subscription. */
  remove(client: HubClient): void {
    if (!this.clients.delete(client)) return;
    getMetrics().connections.dec({ transport: 'sse' });
    if (this.clients.size > 0 || !this.unsubscribe) return;
    const pending = this.unsubscribe;
    this.unsubscribe = undefined;
    void pending.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  /** Ends every client's stream and releases the subscription. */
  closeAll(): void {
    for (const client of [...this.clients]) client.close();
  }

  private dispatch(entry: StreamEntry): void {
    // A broker reconnect can redeliver; ids only move forward.
    if (compareStreamIds(entry.id, this.lastId) <= 0) return;
    this.lastId = entry.id;
    // A stream id starts with the broker's clock at append: publish-to-here lag without parsing the entry.
    getMetrics().brokerLagSeconds.observe({ channel: INDEX_STREAM }, Math.max(0, Date.now() - Number(entry.id.split('-')[0])) / 1000);
    const encoded = encodeEvent(entry.id, 'index', entry.data);
    for (const client of this.clients) client.onEntry(entry, encoded);
    getMetrics().messagesOut.inc({ transport: 'sse' }, this.clients.size);
  }
}

const KEY = Symbol.for('tickwire.index-hub');
type Holder = { [KEY]?: IndexHub };

/** The process's hub, created on first use (kept on globalThis: Next bundles its own module copies). */
export function getIndexHub(broker: Broker): IndexHub {
  const holder = globalThis as Holder;
  holder[KEY] ??= new IndexHub(broker);
  return holder[KEY];
}
