// The multi-process broker on NATS with JetStream (server 2.9+), behind the same contract as Redis:
// core subjects for fan-out, one JetStream stream per resumable stream and per work queue (a durable pull
// consumer per group), a KV bucket for keys, leases and hashes, KV buckets for rate limits. Everything
// goes over one connection. Where JetStream's semantics differ from Redis's, the module doing that part
// says how (nats-streams.ts, nats-queues.ts, nats-queue-consumer.ts, nats-keys.ts, nats-rate-limits.ts).
import type { Subscription } from 'nats';
import type { AppendOptions, Broker, BrokerState, ConsumeOptions, EnqueueOptions, MessageHandler, QueueConsumer, QueueHandler, RateLimitResult, RateLimitRule, StreamEntry } from './broker.ts';
import { consoleBrokerLogger, type BrokerLogger } from './broker-logger.ts';
import { NatsLink } from './nats-connection.ts';
import { NatsKeys } from './nats-keys.ts';
import { natsNames, type NatsNames } from './nats-names.ts';
import { NatsQueueConsumer } from './nats-queue-consumer.ts';
import { NatsQueues } from './nats-queues.ts';
import { NatsRateLimits } from './nats-rate-limits.ts';
import { NatsStreams } from './nats-streams.ts';
import { ChannelSubscriptions } from './channel-subscriptions.ts';

/** How to reach NATS and which namespace this deployment owns. */
export interface NatsBrokerOptions {
  url: string;
  /** Starts every subject, stream and bucket name (letters, digits and dashes; see nats-names.ts). */
  prefix: string;
  logger?: BrokerLogger;
}

// ping's round trip gives up after this long: while reconnecting, nats.js would hold it until it is back.
const PING_TIMEOUT_MS = 2000;

/** The NATS broker: one connection, opened in the background; `onStateChange` reports it. */
export class NatsBroker implements Broker {
  readonly kind = 'nats' as const;
  private readonly names: NatsNames;
  private readonly logger: BrokerLogger;
  private readonly link: NatsLink;
  private readonly channels: ChannelSubscriptions;
  private readonly subjectSubscriptions = new Map<string, Subscription>();
  private readonly streams: NatsStreams;
  private readonly queues: NatsQueues;
  private readonly keys: NatsKeys;
  private readonly limits: NatsRateLimits;
  private readonly consumers = new Set<NatsQueueConsumer>();
  private readonly tails = new Set<() => Promise<void>>();
  private readonly stateListeners = new Set<(state: BrokerState) => void>();
  private currentState: BrokerState = 'reconnecting';
  private isClosed = false;

  constructor(options: NatsBrokerOptions) {
    this.names = natsNames(options.prefix);
    this.logger = options.logger ?? consoleBrokerLogger;
    this.link = new NatsLink({ url: options.url, name: `${options.prefix}-broker`, logger: this.logger, onReady: (isReady) => this.setState(isReady ? 'ready' : 'reconnecting') });
    // The channel bookkeeping every networked broker shares: one server subscription per subject, many handlers.
    this.channels = new ChannelSubscriptions({ subscribe: (subject) => this.subscribeSubject(subject), unsubscribe: async (subject) => this.unsubscribeSubject(subject) }, this.logger);
    this.streams = new NatsStreams(this.link, this.names, this.logger);
    this.queues = new NatsQueues(this.link, this.names);
    this.keys = new NatsKeys(this.link, this.names);
    this.limits = new NatsRateLimits(this.link, this.names);
  }

  get state(): BrokerState {
    return this.currentState;
  }

  async publish(channel: string, payload: string): Promise<void> {
    const { nc } = await this.link.connection();
    nc.publish(this.names.channel(channel), payload);
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    return this.channels.listen(this.names.channel(channel), handler);
  }

  append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    return this.streams.append(stream, payload, options);
  }

  readAfter(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    return this.streams.readAfter(stream, afterId, count);
  }

  readLatest(stream: string, count: number): Promise<StreamEntry[]> {
    return this.streams.readLatest(stream, count);
  }

  firstId(stream: string): Promise<string | null> {
    return this.streams.firstId(stream);
  }

  async tail(stream: string, handler: (entry: StreamEntry) => void): Promise<() => Promise<void>> {
    const stop = await this.streams.tail(stream, handler);
    this.tails.add(stop);
    return async () => {
      this.tails.delete(stop);
      await stop();
    };
  }

  enqueue(queue: string, payload: string, options: EnqueueOptions = {}): Promise<string> {
    return this.queues.enqueue(queue, payload, options.maxLength);
  }

  async consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer> {
    // Created before returning, so what is enqueued next reaches this group, and a failure reaches the caller.
    await this.queues.ensureGroup(queue, options.group, options.claimIdleMs);
    const consumer = new NatsQueueConsumer({
      link: this.link,
      queues: this.queues,
      queue,
      stream: this.names.queue(queue),
      durable: this.names.group(options.group),
      options,
      handler,
      logger: this.logger,
    });
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
    return this.queues.length(queue);
  }

  set(key: string, value: string, ttlMs?: number): Promise<void> {
    return this.keys.set(key, value, ttlMs);
  }

  get(key: string): Promise<string | null> {
    return this.keys.get(key);
  }

  deleteKey(key: string): Promise<void> {
    return this.keys.deleteKey(key);
  }

  setField(key: string, field: string, value: string): Promise<void> {
    return this.keys.setField(key, field, value);
  }

  deleteField(key: string, field: string): Promise<void> {
    return this.keys.deleteField(key, field);
  }

  readFields(key: string): Promise<Record<string, string>> {
    return this.keys.readFields(key);
  }

  rateLimit(key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitResult> {
    return this.limits.take(key, rule, cost);
  }

  holdLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.keys.holdLease(key, holder, ttlMs);
  }

  releaseLease(key: string, holder: string): Promise<void> {
    return this.keys.releaseLease(key, holder);
  }

  async ping(): Promise<void> {
    const handles = this.link.current();
    if (!handles || this.currentState !== 'ready') throw new Error('NATS is not connected');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`NATS did not answer a ping within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([handles.nc.flush(), timeout]);
    } finally {
      clearTimeout(timer);
    }
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
    await Promise.all([...this.tails].map((stop) => stop().catch((error: unknown) => this.logger.warn({ err: error }, 'nats tail stop failed'))));
    this.tails.clear();
    this.channels.clear();
    this.subjectSubscriptions.clear();
    await this.link.close();
  }

  /** Subscribes one subject; once the server has answered a PING sent after the SUB, the subscription is live. */
  private async subscribeSubject(subject: string): Promise<void> {
    const { nc } = await this.link.connection();
    const subscription = nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) this.logger.warn({ err: error, subject }, 'nats subscription error');
        else this.channels.dispatch(subject, msg.string());
      },
    });
    this.subjectSubscriptions.set(subject, subscription);
    await nc.flush();
  }

  private unsubscribeSubject(subject: string): void {
    this.subjectSubscriptions.get(subject)?.unsubscribe();
    this.subjectSubscriptions.delete(subject);
  }

  private setState(next: BrokerState): void {
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
}
