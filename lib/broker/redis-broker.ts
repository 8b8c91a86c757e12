// The multi-process broker: Redis pub/sub for fan-out, streams for history, consumer groups for work.
import { Redis, type RedisOptions } from 'ioredis';
import type { AppendOptions, Broker, BrokerState, ConsumeOptions, MessageHandler } from './broker.ts';
import type { QueueConsumer, QueueEntry, QueueHandler, StreamEntry } from './broker.ts';
import { consoleBrokerLogger, type BrokerLogger } from './memory-broker.ts';

/** How to reach Redis and which namespace this deployment owns. */
export interface RedisBrokerOptions {
  url: string;
  /** Prepended to every key, stream and channel name (and to connection names, to find them in CLIENT LIST). */
  prefix: string;
  logger?: BrokerLogger;
}

const DATA_FIELD = 'd';
// The command connection gives up quickly while Redis is down, so callers see errors instead of hanging.
const COMMAND_RETRIES_PER_REQUEST = 2;
const MAX_BLOCK_MS = 1000;
const STOPPED = Symbol('stopped');

// XADD and PUBLISH in one script: tail subscribers get entries in id order even with many writers.
const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${DATA_FIELD}', ARGV[2])
redis.call('PUBLISH', ARGV[3], id .. '\\n' .. ARGV[2])
return id`;

/** Reconnect delay: capped exponential backoff with equal jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). */
export function reconnectDelayMs(attempt: number): number {
  const capMs = Math.min(50 * 2 ** attempt, 2000);
  return Math.round(capMs / 2 + Math.random() * (capMs / 2));
}

function connectionOptions(name: string, maxRetriesPerRequest: number | null): RedisOptions {
  // CLIENT SETNAME refuses spaces.
  // Auto-pipelining sends the commands issued in one event-loop tick as one write: several times the publish rate.
  return { connectionName: name.replace(/\s/g, '_'), maxRetriesPerRequest, retryStrategy: reconnectDelayMs, enableAutoPipelining: true };
}

/** Every Redis name this broker uses, built in one place so keys, streams and channels never collide. */
function redisNames(prefix: string) {
  return {
    key: (name: string) => `${prefix}key:${name}`,
    stream: (name: string) => `${prefix}stream:${name}`,
    queue: (name: string) => `${prefix}queue:${name}`,
    channel: (name: string) => `${prefix}channel:${name}`,
    tail: (stream: string) => `${prefix}tail:${stream}`,
  };
}

function parseEntry(raw: unknown): StreamEntry | undefined {
  if (!Array.isArray(raw)) return undefined;
  const [id, fields]: unknown[] = raw;
  if (typeof id !== 'string' || !Array.isArray(fields)) return undefined;
  const [name, data]: unknown[] = fields;
  return name === DATA_FIELD && typeof data === 'string' ? { id, data } : undefined;
}

/** Parses `[[id, [field, value]], ...]`, skipping entries this broker did not write. */
function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(parseEntry).filter((entry): entry is StreamEntry => entry !== undefined);
}

/** Parses an XREADGROUP reply for one stream: `[[key, entries]]` (RESP2 shape) or null. */
function parseGroupRead(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const [stream]: unknown[] = raw;
  return Array.isArray(stream) ? parseEntries(stream[1]) : [];
}

/** Parses the delivery count out of `XPENDING key group id id 1`. */
function parseDeliveries(raw: unknown): number {
  const [row]: unknown[] = Array.isArray(raw) ? raw : [];
  const count: unknown = Array.isArray(row) ? row[3] : undefined;
  return typeof count === 'number' && count > 0 ? count : 1;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function ensureGroup(command: Redis, key: string, group: string): Promise<void> {
  try {
    // From '0', so work enqueued before the first consumer started is not lost.
    await command.xgroup('CREATE', key, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
  }
}

/** Closes a connection without waiting for replies; resolves once its socket is gone. */
function disconnect(connection: Redis): Promise<void> {
  if (connection.status === 'end') return Promise.resolve();
  // A connection waiting to reconnect has no socket, and ioredis emits no 'end' for it.
  const hasSocket = connection.status !== 'reconnecting' && connection.status !== 'close';
  const ended = hasSocket ? new Promise<void>((resolve) => connection.once('end', () => resolve())) : Promise.resolve();
  connection.disconnect();
  return ended;
}

/** Closes a connection after its pending replies when it is up, at once otherwise. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return disconnect(connection);
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  await connection.quit().catch(() => connection.disconnect());
  await ended;
}

interface ConsumerContext {
  command: Redis;
  reader: Redis;
  key: string;
  options: ConsumeOptions;
  handler: QueueHandler;
  logger: BrokerLogger;
}

/** One consumer of a group: own pending entries, then stale ones (XAUTOCLAIM), then new ones (XREADGROUP BLOCK). */
class RedisQueueConsumer implements QueueConsumer {
  private isRunning = true;
  /** Ends the current wait (a blocking read or a backoff pause) early; set only while waiting. */
  private interruptWait: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly batchSize: number;

  constructor(private readonly context: ConsumerContext) {
    this.batchSize = context.options.batchSize ?? 10;
    this.done = this.run().finally(() => disconnect(context.reader));
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.interruptWait?.();
    await this.done;
  }

  private async run(): Promise<void> {
    const { command, key, options, logger } = this.context;
    let hasRecoveredOwn = false;
    let claimCursor = '0-0';
    for (let failures = 0; this.isRunning; ) {
      try {
        if (!hasRecoveredOwn) hasRecoveredOwn = await this.recoverOwn();
        claimCursor = await this.claimStale(claimCursor);
        await this.readNew();
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, queue: key, group: options.group, failures }, 'queue read failed; retrying');
        // The stream or group was deleted under us: recreate it rather than fail forever.
        if (errorMessage(error).startsWith('NOGROUP')) await ensureGroup(command, key, options.group).catch(() => {});
        await this.pause(reconnectDelayMs(failures));
      }
    }
  }

  /** Re-reads this consumer's own pending entries (a restart with the same name); true once done. */
  private async recoverOwn(): Promise<boolean> {
    const { command, key, options } = this.context;
    for (let cursor = '0'; this.isRunning; ) {
      const raw: unknown = await command.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', this.batchSize, 'STREAMS', key, cursor);
      const entries = parseGroupRead(raw);
      const last = entries.at(-1);
      if (!last) return true;
      await this.process(await this.withDeliveries(entries));
      cursor = last.id;
    }
    return false;
  }

  private async claimStale(cursor: string): Promise<string> {
    const { command, key, options } = this.context;
    const [next, raw] = await command.xautoclaim(key, options.group, options.consumer, options.claimIdleMs, cursor, 'COUNT', this.batchSize);
    const entries = parseEntries(raw);
    if (entries.length > 0) await this.process(await this.withDeliveries(entries));
    return typeof next === 'string' ? next : '0-0';
  }

  private async readNew(): Promise<void> {
    const { reader, key, options } = this.context;
    // Short blocks keep the stale-entry check regular; stop() does not wait for them (see `untilStopped`).
    const blockMs = Math.max(10, Math.min(MAX_BLOCK_MS, options.claimIdleMs));
    const read = reader.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', this.batchSize, 'BLOCK', blockMs, 'STREAMS', key, '>');
    const raw: unknown = await this.untilStopped(read);
    if (raw === STOPPED) return;
    await this.process(parseGroupRead(raw).map((entry) => ({ ...entry, deliveries: 1 })));
  }

  private async withDeliveries(entries: StreamEntry[]): Promise<QueueEntry[]> {
    const { command, key, options } = this.context;
    const pipeline = command.pipeline();
    for (const { id } of entries) pipeline.xpending(key, options.group, id, id, 1);
    const replies = (await pipeline.exec()) ?? [];
    return entries.map((entry, index) => ({ ...entry, deliveries: parseDeliveries(replies[index]?.[1]) }));
  }

  private async process(entries: QueueEntry[]): Promise<void> {
    const { command, key, options, handler, logger } = this.context;
    for (const entry of entries) {
      // Entries left in the batch stay pending under this name and come back first on restart.
      if (!this.isRunning) return;
      const where = { queue: key, group: options.group, consumer: options.consumer, id: entry.id };
      try {
        await handler(entry);
      } catch (error) {
        logger.warn({ ...where, err: error, deliveries: entry.deliveries }, 'queue handler failed; entry left pending');
        continue;
      }
      await command.xack(key, options.group, entry.id).catch((error: unknown) => {
        logger.warn({ ...where, err: error }, 'queue ack failed; entry will be delivered again');
      });
    }
  }

  /** Waits for `promise` unless stop() comes first; the reader is then disconnected, which ends the read. */
  private untilStopped<T>(promise: Promise<T>): Promise<T | typeof STOPPED> {
    return new Promise<T | typeof STOPPED>((resolve, reject) => {
      const interrupt = (): void => resolve(STOPPED);
      promise.then(resolve, reject).finally(() => this.interruptWait === interrupt && (this.interruptWait = undefined));
      if (this.isRunning) this.interruptWait = interrupt;
      else resolve(STOPPED);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.interruptWait === finish) this.interruptWait = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.isRunning ? ms : 0);
      this.interruptWait = finish;
    });
  }
}

interface ChannelSubscription {
  listeners: Set<MessageHandler>;
  isLive: Promise<unknown>;
}

/** The Redis broker: one command connection, one subscriber connection, one blocking reader per consumer. */
export class RedisBroker implements Broker {
  readonly kind = 'redis' as const;
  private currentState: BrokerState = 'reconnecting';
  private isClosed = false;
  private isCommandReady = false;
  private isSubscriberReady = false;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  private readonly names: ReturnType<typeof redisNames>;
  private readonly logger: BrokerLogger;
  private readonly stateListeners = new Set<(state: BrokerState) => void>();
  private readonly channels = new Map<string, ChannelSubscription>();
  private readonly consumers = new Set<RedisQueueConsumer>();

  constructor(private readonly options: RedisBrokerOptions) {
    this.names = redisNames(options.prefix);
    this.logger = options.logger ?? consoleBrokerLogger;
    this.command = new Redis(options.url, connectionOptions(`${options.prefix}command`, COMMAND_RETRIES_PER_REQUEST));
    this.subscriber = this.command.duplicate(connectionOptions(`${options.prefix}subscriber`, COMMAND_RETRIES_PER_REQUEST));
    this.watchErrors(this.command, 'command');
    this.watchErrors(this.subscriber, 'subscriber');
    this.command.on('ready', () => this.setConnectionReady('command', true));
    // Subscriptions are restored after 'ready'; a PING queued behind them confirms they are live.
    this.subscriber.on('ready', () => void this.confirmSubscriber());
    for (const event of ['close', 'reconnecting', 'end'] as const) {
      this.command.on(event, () => this.setConnectionReady('command', false));
      this.subscriber.on(event, () => this.setConnectionReady('subscriber', false));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  get state(): BrokerState {
    return this.currentState;
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.command.publish(this.names.channel(channel), payload);
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    return this.listen(this.names.channel(channel), handler);
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
    return this.listen(this.names.tail(stream), (payload) => {
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
    this.channels.clear();
    await Promise.all([closeConnection(this.subscriber), closeConnection(this.command)]);
  }

  /** Adds a handler to a Redis channel; the first handler subscribes, the last one out unsubscribes by name. */
  private async listen(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let subscription = this.channels.get(channel);
    if (!subscription) {
      const created: ChannelSubscription = { listeners: new Set(), isLive: this.subscriber.subscribe(channel) };
      // A failed SUBSCRIBE must not poison later attempts on the same channel.
      created.isLive.catch(() => this.channels.get(channel) === created && this.channels.delete(channel));
      this.channels.set(channel, created);
      subscription = created;
    }
    const listener: MessageHandler = (payload) => handler(payload);
    subscription.listeners.add(listener);
    try {
      await subscription.isLive;
    } catch (error) {
      subscription.listeners.delete(listener);
      throw error;
    }
    const live = subscription;
    let isRemoved = false;
    return async () => {
      if (isRemoved) return;
      isRemoved = true;
      live.listeners.delete(listener);
      if (live.listeners.size > 0 || this.channels.get(channel) !== live) return;
      this.channels.delete(channel);
      // Always by name: a bare UNSUBSCRIBE hangs ioredis on a connection that also has pattern subscriptions.
      await this.subscriber.unsubscribe(channel).catch((error: unknown) => {
        // ioredis restores it on reconnect; its messages then find no handler and are ignored.
        this.logger.warn({ err: error, channel }, 'redis unsubscribe failed');
      });
    };
  }

  private dispatch(channel: string, message: string): void {
    const subscription = this.channels.get(channel);
    if (!subscription) return;
    for (const listener of [...subscription.listeners]) {
      try {
        listener(message);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'broker subscriber threw; message dropped');
      }
    }
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
