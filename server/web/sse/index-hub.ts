// One broker subscription per process for the index stream, shared by every open SSE stream and long
// poll: each entry is encoded once per symbol list and the same bytes go to every client; one timer
// sends the heartbeat comment to all of them.
import type { Broker, StreamEntry } from '../../../lib/broker/broker.ts';
import { hopClockMs } from '../../../lib/hop-clock.ts';
import { getMetrics } from '../../../lib/metrics.ts';
import { INDEX_STREAM } from '../../../lib/protocol/channels.ts';
import { EncodedEntry } from './encoded-entry.ts';
import { IndexTail } from './index-tail.ts';
import { encodeComment } from './sse-format.ts';

/** A client of the hub: an SSE stream or a waiting long poll. */
export interface HubClient {
  readonly transport: 'sse' | 'longpoll';
  /** The symbols whose `quote` events follow each `index` event for this client. */
  readonly symbols: readonly string[];
  /** Whether its `index` events carry hop times (an SSE stream asked with `timing=1`). */
  readonly timing?: boolean;
  /** A live entry, with the chunk encoded for this client's symbol list. */
  onEntry(entry: EncodedEntry, chunk: Uint8Array): void;
  onHeartbeat(chunk: Uint8Array): void;
  /** Ends the client (on shutdown, so EventSource reconnects to another node). */
  close(): void;
}

interface Group {
  symbols: readonly string[];
  timing: boolean;
  clients: Set<HubClient>;
}

/** Clients share a group, and its chunk, when they want the same quotes and the same hop times or none. */
const groupKey = (client: HubClient): string => `${client.symbols.join(',')}${client.timing === true ? '|timing' : ''}`;

/** The heartbeat interval the issue asks for: well under the 30–60 s idle timeouts of common proxies. */
export const HEARTBEAT_MS = 15_000;
const HEARTBEAT = encodeComment('heartbeat');

/** Fans the live index stream out to the clients of this process. */
export class IndexHub {
  /** Clients grouped by symbol list, so each distinct list is encoded once per entry. */
  private readonly groups = new Map<string, Group>();
  private readonly tail: IndexTail;
  private heartbeat: NodeJS.Timeout | undefined;
  private count = 0;

  constructor(
    broker: Broker,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {
    this.tail = new IndexTail(broker, (entry) => this.dispatch(entry));
  }

  /** Number of clients currently attached. */
  get size(): number {
    return this.count;
  }

  /** Broker subscriptions this hub holds. */
  get brokerSubscriptions(): number {
    return this.tail.brokerSubscriptions;
  }

  /** Attaches a client; resolves once the broker subscription is live, so nothing published after is missed. */
  async add(client: HubClient): Promise<void> {
    const key = groupKey(client);
    let group = this.groups.get(key);
    if (!group) {
      group = { symbols: client.symbols, timing: client.timing === true, clients: new Set() };
      this.groups.set(key, group);
    }
    if (group.clients.has(client)) return;
    group.clients.add(client);
    this.count += 1;
    getMetrics().connections.inc({ transport: client.transport });
    // Unref: the heartbeat alone must not keep a process (or a test) alive; open sockets do that.
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs).unref();
    await this.tail.open();
  }

  /** Detaches a client; the last one out releases the broker subscription and the heartbeat timer. */
  remove(client: HubClient): void {
    const key = groupKey(client);
    const group = this.groups.get(key);
    if (!group?.clients.delete(client)) return;
    if (group.clients.size === 0) this.groups.delete(key);
    this.count -= 1;
    getMetrics().connections.dec({ transport: client.transport });
    if (this.count > 0) return;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.tail.close();
  }

  /** Ends every client. */
  closeAll(): void {
    for (const group of [...this.groups.values()]) for (const client of [...group.clients]) client.close();
  }

  private dispatch(entry: StreamEntry): void {
    // When this node read it: the end of the first hop for clients that asked for hop times.
    const readAtMs = hopClockMs();
    // A stream id starts with the broker's clock at append: publish-to-here lag without parsing the entry.
    getMetrics().brokerLagSeconds.observe({ channel: INDEX_STREAM }, Math.max(0, Date.now() - Number(entry.id.split('-')[0])) / 1000);
    const encoded = new EncodedEntry(entry);
    let sse = 0;
    for (const group of this.groups.values()) {
      const chunk = group.timing ? encoded.timedChunkFor(group.symbols, readAtMs, hopClockMs()) : encoded.chunkFor(group.symbols);
      for (const client of group.clients) {
        if (client.transport === 'sse') sse += 1;
        client.onEntry(encoded, chunk);
      }
    }
    getMetrics().messagesOut.inc({ transport: 'sse' }, sse);
  }

  private beat(): void {
    for (const group of this.groups.values()) for (const client of group.clients) client.onHeartbeat(HEARTBEAT);
  }
}
