// The single-process broker behind the embedded mode: same contract as Redis, kept in maps and arrays.
import { compareStreamIds } from './broker.ts';
import type { AppendOptions, Broker, BrokerState, ConsumeOptions, MessageHandler } from './broker.ts';
import type { QueueConsumer, QueueEntry, QueueHandler, StreamEntry } from './broker.ts';

/** Where a broker reports what it drops or retries; pino's logger has this shape. */
export interface BrokerLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Logs to the console when no logger is given. */
export const consoleBrokerLogger: BrokerLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  info: (obj, msg) => console.info(msg, obj),
};

const KEY_SWEEP_INTERVAL_MS = 30_000;
const MAX_QUEUE_POLL_MS = 1000;

/** Returns the map's value for `key`, creating it first if needed. */
function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}

/** In-process fan-out; delivery is deferred to a microtask so order per key holds and publishers never run handlers. */
class Fanout<T> {
  private readonly subscribers = new Map<string, Set<{ handler: (value: T) => void }>>();

  constructor(private readonly logger: BrokerLogger) {}

  subscribe(key: string, handler: (value: T) => void): () => void {
    const subscription = { handler };
    const set = getOrCreate(this.subscribers, key, () => new Set());
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
    };
  }

  emit(key: string, value: T): void {
    const set = this.subscribers.get(key);
    if (!set) return;
    // Snapshot now: a handler added after publish must not see this message; one removed before delivery must not either.
    const targets = [...set];
    queueMicrotask(() => {
      for (const target of targets) if (set.has(target)) this.deliver(target.handler, value, key);
    });
  }

  private deliver(handler: (value: T) => void, value: T, key: string): void {
    try {
      handler(value);
    } catch (error) {
      this.logger.warn({ err: error, channel: key }, 'broker subscriber threw; message dropped');
    }
  }

  clear(): void {
    this.subscribers.clear();
  }
}

/** Index of the first entry whose id is strictly greater than `afterId` (entries are sorted). */
function firstIndexAfter(entries: StreamEntry[], afterId: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const entry = entries[middle];
    if (entry && compareStreamIds(entry.id, afterId) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An append-only log with Redis-style `<ms>-<seq>` ids that never go backwards, even if the clock does. */
class StreamLog {
  readonly entries: StreamEntry[] = [];
  private lastMs = 0;
  private lastSeq = -1;

  append(data: string, maxLen: number): StreamEntry {
    const nowMs = Date.now();
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.lastSeq = 0;
    } else {
      this.lastSeq += 1;
    }
    const entry = { id: `${this.lastMs}-${this.lastSeq}`, data };
    this.entries.push(entry);
    // Trim in chunks like Redis's `MAXLEN ~`, so a full stream does not shift its array on every append.
    const slack = Math.max(16, Math.ceil(maxLen / 8));
    if (this.entries.length > maxLen + slack) this.entries.splice(0, this.entries.length - maxLen);
    return entry;
  }

  readAfter(afterId: string, count: number): StreamEntry[] {
    const start = firstIndexAfter(this.entries, afterId);
    return this.entries.slice(start, start + count);
  }

  dropThrough(id: string): void {
    this.entries.splice(0, firstIndexAfter(this.entries, id));
  }
}

interface PendingEntry {
  entry: StreamEntry;
  consumer: string;
  deliveredAtMs: number;
  deliveries: number;
}

/** A consumer group: a cursor into the queue plus the entries handed out but not yet acknowledged. */
class MemoryGroup {
  lastDeliveredId = '0-0';
  readonly pending = new Map<string, PendingEntry>();

  /** Hands an entry (again) to `consumer`, counting the delivery as Redis does. */
  deliver(pending: PendingEntry, consumer: string): QueueEntry {
    pending.consumer = consumer;
    pending.deliveredAtMs = Date.now();
    pending.deliveries += 1;
    return { id: pending.entry.id, data: pending.entry.data, deliveries: pending.deliveries };
  }

  /** Hands due pending entries to `consumer` again, oldest first. */
  redeliver(consumer: string, count: number, isDue: (pending: PendingEntry) => boolean): QueueEntry[] {
    const due = [...this.pending.values()].filter(isDue).sort((a, b) => compareStreamIds(a.entry.id, b.entry.id));
    return due.slice(0, count).map((pending) => this.deliver(pending, consumer));
  }
}

/** A work queue: one log read by any number of consumer groups. */
class MemoryQueue {
  readonly log = new StreamLog();
  readonly groups = new Map<string, MemoryGroup>();
  readonly wakers = new Set<() => void>();

  enqueue(data: string): string {
    const { id } = this.log.append(data, Number.POSITIVE_INFINITY);
    for (const wake of this.wakers) wake();
    return id;
  }

  group(name: string): MemoryGroup {
    return getOrCreate(this.groups, name, () => new MemoryGroup());
  }

  takeNew(group: MemoryGroup, consumer: string, count: number): QueueEntry[] {
    const fresh = this.log.readAfter(group.lastDeliveredId, count);
    const last = fresh.at(-1);
    if (last) group.lastDeliveredId = last.id;
    this.forgetDelivered();
    return fresh.map((entry) => {
      const pending = { entry, consumer, deliveredAtMs: 0, deliveries: 0 };
      group.pending.set(entry.id, pending);
      return group.deliver(pending, consumer);
    });
  }

  /** Drops entries every group has already taken; pending ones live on in the groups' lists. */
  private forgetDelivered(): void {
    const cursors = [...this.groups.values()].map((g) => g.lastDeliveredId).sort(compareStreamIds);
    const oldest = cursors[0];
    if (oldest) this.log.dropThrough(oldest);
  }
}

/** One running consumer: own pending first, then stale entries of others, then new ones. */
class MemoryConsumer implements QueueConsumer {
  private isRunning = true;
  private wakeUp: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly batchSize: number;
  private readonly pollMs: number;

  constructor(
    private readonly queue: MemoryQueue,
    private readonly options: ConsumeOptions,
    private readonly handler: QueueHandler,
    private readonly logger: BrokerLogger,
  ) {
    this.batchSize = options.batchSize ?? 10;
    this.pollMs = Math.max(10, Math.min(MAX_QUEUE_POLL_MS, options.claimIdleMs / 2));
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    const group = this.queue.group(this.options.group);
    const { consumer, claimIdleMs } = this.options;
    // The group exists from here on; handlers start on a later tick, never inside `consume()`.
    await Promise.resolve();
    for (let cursor = '0-0'; this.isRunning; ) {
      const afterId = cursor;
      const own = group.redeliver(consumer, this.batchSize, (p) => p.consumer === consumer && compareStreamIds(p.entry.id, afterId) > 0);
      if (own.length === 0) break;
      await this.process(own);
      cursor = own.at(-1)?.id ?? cursor;
    }
    while (this.isRunning) {
      const idleSinceMs = Date.now() - claimIdleMs;
      const stale = group.redeliver(consumer, this.batchSize, (p) => p.deliveredAtMs <= idleSinceMs);
      const batch = stale.length > 0 ? stale : this.queue.takeNew(group, consumer, this.batchSize);
      if (batch.length > 0) await this.process(batch);
      else await this.idle();
    }
  }

  private async process(batch: QueueEntry[]): Promise<void> {
    const group = this.queue.group(this.options.group);
    for (const entry of batch) {
      // Entries left in the batch stay pending under this name and come back first on restart.
      if (!this.isRunning) return;
      try {
        await this.handler(entry);
        group.pending.delete(entry.id);
      } catch (error) {
        this.logger.warn({ err: error, id: entry.id, group: this.options.group }, 'queue handler failed; entry left pending');
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.queue.wakers.delete(finish);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.pollMs);
      this.queue.wakers.add(finish);
      this.wakeUp = finish;
    });
  }
}

/** The embedded broker: everything lives in this process and disappears with it. */
export class MemoryBroker implements Broker {
  readonly kind = 'memory' as const;
  readonly state: BrokerState = 'ready';
  private readonly channels: Fanout<string>;
  private readonly tails: Fanout<StreamEntry>;
  private readonly streams = new Map<string, StreamLog>();
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly keys = new Map<string, { value: string; expiresAtMs: number }>();
  private readonly consumers = new Set<MemoryConsumer>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly logger: BrokerLogger;

  constructor(options: { logger?: BrokerLogger } = {}) {
    this.logger = options.logger ?? consoleBrokerLogger;
    this.channels = new Fanout(this.logger);
    this.tails = new Fanout(this.logger);
    this.sweepTimer = setInterval(() => this.sweepExpiredKeys(), KEY_SWEEP_INTERVAL_MS).unref();
  }

  async publish(channel: string, payload: string): Promise<void> {
    this.channels.emit(channel, payload);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const remove = this.channels.subscribe(channel, handler);
    return async () => remove();
  }

  async append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    const entry = getOrCreate(this.streams, stream, () => new StreamLog()).append(payload, options.maxLen);
    if (options.publish) this.tails.emit(stream, entry);
    return entry.id;
  }

  async readAfter(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    return this.streams.get(stream)?.readAfter(afterId, count) ?? [];
  }

  async readLatest(stream: string, count: number): Promise<StreamEntry[]> {
    return count > 0 ? (this.streams.get(stream)?.entries.slice(-count) ?? []) : [];
  }

  async firstId(stream: string): Promise<string | null> {
    return this.streams.get(stream)?.entries[0]?.id ?? null;
  }

  async tail(stream: string, handler: (entry: StreamEntry) => void): Promise<() => Promise<void>> {
    const remove = this.tails.subscribe(stream, handler);
    return async () => remove();
  }

  async enqueue(queue: string, payload: string): Promise<string> {
    return getOrCreate(this.queues, queue, () => new MemoryQueue()).enqueue(payload);
  }

  async consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer> {
    const target = getOrCreate(this.queues, queue, () => new MemoryQueue());
    const consumer = new MemoryConsumer(target, options, handler, this.logger);
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.keys.set(key, { value, expiresAtMs: ttlMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttlMs });
  }

  async get(key: string): Promise<string | null> {
    const stored = this.keys.get(key);
    if (!stored) return null;
    if (stored.expiresAtMs > Date.now()) return stored.value;
    this.keys.delete(key);
    return null;
  }

  async ping(): Promise<void> {}

  onStateChange(): () => void {
    // Memory never disconnects, so there is nothing to report.
    return () => {};
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    this.consumers.clear();
    this.channels.clear();
    this.tails.clear();
  }

  private sweepExpiredKeys(): void {
    const nowMs = Date.now();
    for (const [key, stored] of this.keys) if (stored.expiresAtMs <= nowMs) this.keys.delete(key);
  }
}
