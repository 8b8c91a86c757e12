// What the single-Redis and the Redis Cluster brokers share: streams, queues and keys over one command
// client, pub/sub bookkeeping, queue consumers, and the state derived from their connections.
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { QueueFullError, type AppendOptions, type Broker, type BrokerState, type ConsumeOptions, type MessageHandler } from './broker.ts';
import type { EnqueueOptions, QueueConsumer, QueueHandler, RateLimitResult, RateLimitRule, StreamEntry } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import type { RedisClient } from './redis-connections.ts';
import { ensureGroup } from './redis-ensure-group.ts';
import type { RedisNames } from './redis-names.ts';
import { RedisQueueConsumer } from './redis-queue-consumer.ts';
import { RateLimits } from './rate-limits.ts';
import { DATA_FIELD, parseEntries } from './redis-replies.ts';
import { ChannelSubscriptions, type ChannelCommands } from './channel-subscriptions.ts';

// Extends the lease if it is the holder's, takes it if it is free (SET NX PX), else leaves it: one
// script, so the check and the write cannot interleave with another holder's.
const HOLD_LEASE = `
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

// Deletes the lease only while it is still the holder's (it may have expired and been taken).
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

// XLEN then XADD in one script: two producers cannot both see room for one entry. Refusing is the only
// way to bound the queue: trimming with MAXLEN would drop orders nobody has processed yet.
const ENQUEUE_BOUNDED = `
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return false end
return redis.call('XADD', KEYS[1], '*', '${DATA_FIELD}', ARGV[2])`;

/** What a concrete Redis broker hands its base: its command client, its names and how it subscribes. */
export interface RedisBrokerParts<Client extends RedisClient> {
  /** Prepended to connection names, to find them in CLIENT LIST. */
  prefix: string;
  command: Client;
  names: RedisNames;
  channels: ChannelCommands;
  logger: BrokerLogger;
}

/** The connections whose readiness makes the broker `ready`: commands, and live subscriptions. */
export type ConnectionRole = 'command' | 'subscriber';

/** The shared half of the Redis brokers; subclasses supply publishing, appending, readers and connection events. */
export abstract class RedisBrokerBase<Client extends RedisClient> implements Broker {
  readonly kind = 'redis' as const;
  protected readonly command: Client;
  protected readonly names: RedisNames;
  protected readonly logger: BrokerLogger;
  protected readonly subscriptions: ChannelSubscriptions;
  private readonly prefix: string;
  private currentState: BrokerState = 'reconnecting';
  private isClosed = false;
  private readonly readiness: Record<ConnectionRole, boolean> = { command: false, subscriber: false };
  private readonly stateListeners = new Set<(state: BrokerState) => void>();
  private readonly consumers = new Set<RedisQueueConsumer>();
  private readonly limits: RateLimits;

  protected constructor(parts: RedisBrokerParts<Client>) {
    this.prefix = parts.prefix;
    this.command = parts.command;
    this.names = parts.names;
    this.logger = parts.logger;
    this.subscriptions = new ChannelSubscriptions(parts.channels, parts.logger);
    // The names carry the prefix (and the cluster's hash tag), so the library adds none of its own.
    this.limits = new RateLimits((points, duration) => new RateLimiterRedis({ storeClient: parts.command, points, duration, keyPrefix: '' }));
    this.watchErrors(parts.command, 'command');
  }

  abstract publish(channel: string, payload: string): Promise<void>;
  abstract append(stream: string, payload: string, options: AppendOptions): Promise<string>;
  /** Opens the connection of one consumer's blocking reads, which would stall every other command. */
  protected abstract openReader(name: string): RedisClient;
  /** Closes the broker's own connections, once its consumers and subscriptions are gone. */
  protected abstract closeConnections(): Promise<void>;

  get state(): BrokerState {
    return this.currentState;
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    return this.subscriptions.listen(this.names.channel(channel), handler);
  }

  async readAfter(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    return parseEntries(await this.command.xrange(this.names.stream(stream), `(${afterId}`, '+', 'COUNT', count));
  }

  async readLatest(stream: string, count: number): Promise<StreamEntry[]> {
    if (count <= 0) return [];
    return parseEntries(await this.command.xrevrange(this.names.stream(stream), '+', '-', 'COUNT', count)).reverse();
  }

  async firstId(stream: string): Promise<string | null> {
    const [first] = parseEntries(await this.command.xrange(this.names.stream(stream), '-', '+', 'COUNT', 1));
    return first?.id ?? null;
  }

  tail(stream: string, handler: (entry: StreamEntry) => void): Promise<() => Promise<void>> {
    return this.subscriptions.listen(this.names.tail(stream), (payload) => {
      const newline = payload.indexOf('\n');
      if (newline > 0) handler({ id: payload.slice(0, newline), data: payload.slice(newline + 1) });
      else this.logger.warn({ stream }, 'malformed tail message dropped');
    });
  }

  async enqueue(queue: string, payload: string, options: EnqueueOptions = {}): Promise<string> {
    const key = this.names.queue(queue);
    const { maxLength } = options;
    const id: unknown = maxLength === undefined ? await this.command.xadd(key, '*', DATA_FIELD, payload) : await this.command.eval(ENQUEUE_BOUNDED, 1, key, maxLength, payload);
    if (maxLength !== undefined && id === null) throw new QueueFullError(queue, maxLength);
    if (typeof id !== 'string') throw new Error(`XADD to queue ${queue} returned no id`);
    return id;
  }

  async consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer> {
    const key = this.names.queue(queue);
    await ensureGroup(this.command, key, options.group);
    const reader = this.openReader(`${this.prefix}reader:${queue}:${options.group}:${options.consumer}`);
    this.watchErrors(reader, 'reader');
    const consumer = new RedisQueueConsumer({ command: this.command, reader, key, options, handler, logger: this.logger });
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  /** How many entries a queue still holds (not yet trimmed); for tests and metrics. */
  queueLength(queue: string): Promise<number> {
    return this.command.xlen(this.names.queue(queue));
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs === undefined) await this.command.set(this.names.key(key), value);
    else await this.command.set(this.names.key(key), value, 'PX', ttlMs);
  }

  get(key: string): Promise<string | null> {
    return this.command.get(this.names.key(key));
  }

  async deleteKey(key: string): Promise<void> {
    await this.command.del(this.names.key(key));
  }

  async setField(key: string, field: string, value: string): Promise<void> {
    await this.command.hset(this.names.hash(key), field, value);
  }

  async deleteField(key: string, field: string): Promise<void> {
    await this.command.hdel(this.names.hash(key), field);
  }

  readFields(key: string): Promise<Record<string, string>> {
    return this.command.hgetall(this.names.hash(key));
  }

  rateLimit(key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitResult> {
    return this.limits.take(this.names.limit(key), rule, cost);
  }

  async holdLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.command.eval(HOLD_LEASE, 1, this.names.key(key), holder, ttlMs)) === 1;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.command.eval(RELEASE_LEASE, 1, this.names.key(key), holder);
  }

  async ping(): Promise<void> {
    await this.command.ping();
  }

  onStateChange(listener: (state: BrokerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.stateListeners.clear();
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    this.consumers.clear();
    this.subscriptions.clear();
    await this.closeConnections();
  }

  /** Records one connection's readiness; the broker is `ready` only while every role is. */
  protected setConnectionReady(role: ConnectionRole, isReady: boolean): void {
    this.readiness[role] = isReady;
    const next: BrokerState = this.readiness.command && this.readiness.subscriber ? 'ready' : 'reconnecting';
    if (next === this.currentState || this.isClosed) return;
    this.currentState = next;
    this.logger.info({ state: next }, 'broker state changed');
    for (const listener of [...this.stateListeners]) {
      try {
        listener(next);
      } catch (error) {
        this.logger.warn({ err: error }, 'broker state listener threw');
      }
    }
  }

  /** Logs a connection's errors: ioredis reconnects by itself, and an 'error' without a listener would crash. */
  protected watchErrors(connection: RedisClient, role: string): void {
    connection.on('error', (error: Error) => this.logger.warn({ err: error, connection: role }, 'redis connection error'));
  }
}
