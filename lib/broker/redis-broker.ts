// The multi-process broker: Redis pub/sub for fan-out, streams for history, consumer groups for work.
import { Redis } from 'ioredis';
import type { AppendOptions, Broker, BrokerState, ConsumeOptions, MessageHandler } from './broker.ts';
import type { QueueConsumer, QueueHandler, StreamEntry } from './broker.ts';
import { consoleBrokerLogger, type BrokerLogger } from './broker-logger.ts';
import { closeConnection, connectionOptions } from './redis-connections.ts';
import { ensureGroup } from './redis-ensure-group.ts';
import { redisNames, type RedisNames } from './redis-names.ts';
import { RedisQueueConsumer } from './redis-queue-consumer.ts';
import { DATA_FIELD, parseEntries } from './redis-replies.ts';
import { RedisSubscriptions } from './redis-subscriptions.ts';

/** How to reach Redis and which namespace this deployment owns. */
export interface RedisBrokerOptions {
  url: string;
  /** Prepended to every key, stream and channel name (and to connection names, to find them in CLIENT LIST). */
  prefix: string;
  logger?: BrokerLogger;
}

// The command connection gives up quickly while Redis is down, so callers see errors instead of hanging.
const COMMAND_RETRIES_PER_REQUEST = 2;

// XADD and PUBLISH in one script: tail subscribers get entries in id order even with many writers.
const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${DATA_FIELD}', ARGV[2])
redis.call('PUBLISH', ARGV[3], id .. '\\n' .. ARGV[2])
return id`;

/** The Redis broker: one command connection, one subscriber connection, one blocking reader per consumer. */
export class RedisBroker implements Broker {
  readonly kind = 'redis' as const;
  private currentState: BrokerState = 'reconnecting';
  private isClosed = false;
  private isCommandReady = false;
  private isSubscriberReady = false;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  private readonly names: RedisNames;
  private readonly logger: BrokerLogger;
  private readonly stateListeners = new Set<(state: BrokerState) => void>();
  private readonly subscriptions: RedisSubscriptions;
  private readonly consumers = new Set<RedisQueueConsumer>();

  constructor(private readonly options: RedisBrokerOptions) {
    this.names = redisNames(options.prefix);
    this.logger = options.logger ?? consoleBrokerLogger;
    this.command = new Redis(options.url, connectionOptions(`${options.prefix}command`, COMMAND_RETRIES_PER_REQUEST));
    this.subscriber = this.command.duplicate(connectionOptions(`${options.prefix}subscriber`, COMMAND_RETRIES_PER_REQUEST));
    this.subscriptions = new RedisSubscriptions(this.subscriber, this.logger);
    this.watchErrors(this.command, 'command');
    this.watchErrors(this.subscriber, 'subscriber');
    this.command.on('ready', () => this.setConnectionReady('command', true));
    // Subscriptions are restored after 'ready'; a PING queued behind them confirms they are live.
    this.subscriber.on('ready', () => void this.confirmSubscriber());
    for (const event of ['close', 'reconnecting', 'end'] as const) {
      this.command.on(event, () => this.setConnectionReady('command', false));
      this.subscriber.on(event, () => this.setConnectionReady('subscriber', false));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.subscriptions.dispatch(channel, message));
  }

  get state(): BrokerState {
    return this.currentState;
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.command.publish(this.names.channel(channel), payload);
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    return this.subscriptions.listen(this.names.channel(channel), handler);
  }

  async append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    const key = this.names.stream(stream);
    const id: unknown = options.publish
      ? await this.command.eval(APPEND_AND_PUBLISH, 1, key, options.maxLen, payload, this.names.tail(stream))
      : await this.command.xadd(key, 'MAXLEN', '~', options.maxLen, '*', DATA_FIELD, payload);
    if (typeof id !== 'string') throw new Error(`XADD to ${key} returned no id`);
    return id;
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

  async enqueue(queue: string, payload: string): Promise<string> {
    const id = await this.command.xadd(this.names.queue(queue), '*', DATA_FIELD, payload);
    if (typeof id !== 'string') throw new Error(`XADD to queue ${queue} returned no id`);
    return id;
  }

  async consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer> {
    const key = this.names.queue(queue);
    await ensureGroup(this.command, key, options.group);
    const name = `${this.options.prefix}reader:${queue}:${options.group}:${options.consumer}`;
    const reader = this.command.duplicate(connectionOptions(name, null));
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
    await Promise.all([closeConnection(this.subscriber), closeConnection(this.command)]);
  }

  private async confirmSubscriber(): Promise<void> {
    try {
      await this.subscriber.ping();
      if (this.subscriber.status === 'ready') this.setConnectionReady('subscriber', true);
    } catch (error) {
      this.logger.warn({ err: error }, 'redis subscriber ping failed');
    }
  }

  private setConnectionReady(connection: 'command' | 'subscriber', isReady: boolean): void {
    if (connection === 'command') this.isCommandReady = isReady;
    else this.isSubscriberReady = isReady;
    const next: BrokerState = this.isCommandReady && this.isSubscriberReady ? 'ready' : 'reconnecting';
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

  private watchErrors(connection: Redis, role: string): void {
    connection.on('error', (error: Error) => this.logger.warn({ err: error, connection: role }, 'redis connection error'));
  }
}
