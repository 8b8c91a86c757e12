// The multi-process broker on one Redis: pub/sub for fan-out, streams for history, consumer groups for work.
import { Redis } from 'ioredis';
import type { AppendOptions } from './broker.ts';
import { consoleBrokerLogger, type BrokerLogger } from './broker-logger.ts';
import { RedisBrokerBase } from './redis-broker-base.ts';
import { closeConnection, connectionOptions } from './redis-connections.ts';
import { redisNames } from './redis-names.ts';
import { DATA_FIELD } from './redis-replies.ts';

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
export class RedisBroker extends RedisBrokerBase<Redis> {
  private readonly subscriber: Redis;

  constructor(options: RedisBrokerOptions) {
    const command = new Redis(options.url, connectionOptions(`${options.prefix}command`, COMMAND_RETRIES_PER_REQUEST));
    const subscriber = command.duplicate(connectionOptions(`${options.prefix}subscriber`, COMMAND_RETRIES_PER_REQUEST));
    super({
      prefix: options.prefix,
      command,
      names: redisNames(options.prefix),
      // Always by name: a bare UNSUBSCRIBE hangs ioredis on a connection that also has pattern subscriptions.
      channels: { subscribe: (channel) => subscriber.subscribe(channel), unsubscribe: (channel) => subscriber.unsubscribe(channel) },
      logger: options.logger ?? consoleBrokerLogger,
    });
    this.subscriber = subscriber;
    this.watchErrors(subscriber, 'subscriber');
    command.on('ready', () => this.setConnectionReady('command', true));
    // Subscriptions are restored after 'ready'; a PING queued behind them confirms they are live.
    subscriber.on('ready', () => void this.confirmSubscriber());
    for (const event of ['close', 'reconnecting', 'end'] as const) {
      command.on(event, () => this.setConnectionReady('command', false));
      subscriber.on(event, () => this.setConnectionReady('subscriber', false));
    }
    subscriber.on('message', (channel: string, message: string) => this.subscriptions.dispatch(channel, message));
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.command.publish(this.names.channel(channel), payload);
  }

  async append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    const key = this.names.stream(stream);
    const id: unknown = options.publish
      ? await this.command.eval(APPEND_AND_PUBLISH, 1, key, options.maxLen, payload, this.names.tail(stream))
      : await this.command.xadd(key, 'MAXLEN', '~', options.maxLen, '*', DATA_FIELD, payload);
    if (typeof id !== 'string') throw new Error(`XADD to ${key} returned no id`);
    return id;
  }

  protected openReader(name: string): Redis {
    return this.command.duplicate(connectionOptions(name, null));
  }

  protected async closeConnections(): Promise<void> {
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
}
