// The single-process broker behind the embedded mode: same contract as Redis, kept in maps and arrays.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { QueueFullError, type AppendOptions, type Broker, type BrokerState, type ConsumeOptions, type MessageHandler } from './broker.ts';
import type { EnqueueOptions, QueueConsumer, QueueHandler, RateLimitResult, RateLimitRule, StreamEntry } from './broker.ts';
import { consoleBrokerLogger, type BrokerLogger } from './broker-logger.ts';
import { getOrCreate } from './get-or-create.ts';
import { MemoryFanout } from './memory-fanout.ts';
import { MemoryQueue } from './memory-queue.ts';
import { MemoryQueueConsumer } from './memory-queue-consumer.ts';
import { MemoryStreamLog } from './memory-stream-log.ts';
import { RateLimits } from './rate-limits.ts';

const KEY_SWEEP_INTERVAL_MS = 30_000;

/** The embedded broker: everything lives in this process and disappears with it. */
export class MemoryBroker implements Broker {
  readonly kind = 'memory' as const;
  readonly state: BrokerState = 'ready';
  private readonly channels: MemoryFanout<string>;
  private readonly tails: MemoryFanout<StreamEntry>;
  private readonly streams = new Map<string, MemoryStreamLog>();
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly keys = new Map<string, { value: string; expiresAtMs: number }>();
  private readonly hashes = new Map<string, Map<string, string>>();
  private readonly limits = new RateLimits((points, duration) => new RateLimiterMemory({ points, duration, keyPrefix: '' }));
  private readonly consumers = new Set<MemoryQueueConsumer>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly logger: BrokerLogger;

  constructor(options: { logger?: BrokerLogger } = {}) {
    this.logger = options.logger ?? consoleBrokerLogger;
    this.channels = new MemoryFanout(this.logger);
    this.tails = new MemoryFanout(this.logger);
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
    const entry = getOrCreate(this.streams, stream, () => new MemoryStreamLog()).append(payload, options.maxLen);
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

  // No await between the check and the add: one turn, so racing producers cannot both squeeze in.
  async enqueue(queue: string, payload: string, options: EnqueueOptions = {}): Promise<string> {
    const target = getOrCreate(this.queues, queue, () => new MemoryQueue());
    const { maxLength } = options;
    if (maxLength !== undefined && target.storedCount() >= maxLength) throw new QueueFullError(queue, maxLength);
    return target.enqueue(payload);
  }

  async consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer> {
    const target = getOrCreate(this.queues, queue, () => new MemoryQueue());
    const consumer = new MemoryQueueConsumer(target, options, handler, this.logger);
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  /** How many entries a queue still holds (not yet taken by every group, or not yet acknowledged); for tests and metrics. */
  async queueLength(queue: string): Promise<number> {
    return this.queues.get(queue)?.storedCount() ?? 0;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.keys.set(key, { value, expiresAtMs: ttlMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttlMs });
  }

  async get(key: string): Promise<string | null> {
    return this.liveValue(key);
  }

  async deleteKey(key: string): Promise<void> {
    this.keys.delete(key);
  }

  async setField(key: string, field: string, value: string): Promise<void> {
    getOrCreate(this.hashes, key, () => new Map<string, string>()).set(field, value);
  }

  async deleteField(key: string, field: string): Promise<void> {
    const hash = this.hashes.get(key);
    hash?.delete(field);
    if (hash?.size === 0) this.hashes.delete(key);
  }

  async readFields(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.hashes.get(key) ?? []);
  }

  rateLimit(key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitResult> {
    return this.limits.take(key, rule, cost);
  }

  // No await between the check and the write: one turn, so racing holders cannot interleave.
  async holdLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.liveValue(key);
    if (current !== null && current !== holder) return false;
    this.keys.set(key, { value: holder, expiresAtMs: Date.now() + ttlMs });
    return true;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    if (this.liveValue(key) === holder) this.keys.delete(key);
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

  private liveValue(key: string): string | null {
    const stored = this.keys.get(key);
    if (!stored) return null;
    if (stored.expiresAtMs > Date.now()) return stored.value;
    this.keys.delete(key);
    return null;
  }

  private sweepExpiredKeys(): void {
    const nowMs = Date.now();
    for (const [key, stored] of this.keys) if (stored.expiresAtMs <= nowMs) this.keys.delete(key);
  }
}
