// The broker on a Redis Cluster: sharded pub/sub for fan-out (each channel lives on the master owning its slot),
// streams and consumer groups as on one Redis, with hash tags keeping a stream and its tail channel in one slot.
import { Cluster, Redis } from 'ioredis';
import type { AppendOptions } from './broker.ts';
import { consoleBrokerLogger } from './broker-logger.ts';
import { RedisBrokerBase } from './redis-broker-base.ts';
import type { RedisBrokerOptions } from './redis-broker.ts';
import { clusterOptions, clusterSeed } from './redis-cluster-connections.ts';
import { closeConnection } from './redis-connections.ts';
import { redisClusterNames } from './redis-names.ts';
import { DATA_FIELD } from './redis-replies.ts';

// XADD and SPUBLISH in one script, as on one Redis. The channel is a declared key: a cluster refuses a script that
// touches a name outside its KEYS, and both keys share the stream's hash tag, so they hash to one slot.
const APPEND_AND_SPUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${DATA_FIELD}', ARGV[2])
redis.call('SPUBLISH', KEYS[2], id .. '\\n' .. ARGV[2])
return id`;

// ioredis names each sharded subscriber connection after the cluster client's connection name, with this prefix.
const SHARDED_SUBSCRIBER_NAME = 'ioredis-cluster(ssubscriber)';

function isShardedSubscriber(node: unknown): boolean {
  return node instanceof Redis && (node.options.connectionName ?? '').startsWith(SHARDED_SUBSCRIBER_NAME);
}

/** The Redis Cluster broker: one cluster client for commands and sharded subscriptions, one more per queue consumer. */
export class RedisClusterBroker extends RedisBrokerBase<Cluster> {
  constructor(private readonly options: RedisBrokerOptions) {
    const command = new Cluster([clusterSeed(options.url)], clusterOptions(options.url, `${options.prefix}command`, true));
    super({
      prefix: options.prefix,
      command,
      names: redisClusterNames(options.prefix),
      // ioredis routes each SSUBSCRIBE to the subscriber connection of the master owning the channel's slot.
      channels: { subscribe: (channel) => command.ssubscribe(channel), unsubscribe: (channel) => command.sunsubscribe(channel) },
      logger: options.logger ?? consoleBrokerLogger,
    });
    command.on('ready', () => this.setConnectionReady('command', true));
    for (const event of ['close', 'reconnecting', 'end'] as const) {
      // Losing the whole cluster also stops every sharded subscriber; they are set up again on reconnect.
      command.on(event, () => {
        this.setConnectionReady('command', false);
        this.setConnectionReady('subscriber', false);
      });
    }
    // One subscriber connection ending (its master restarted, or it was killed) loses its channels until ioredis
    // refreshes the slot map, replaces it and subscribes again; 'subscribersReady' follows that resubscription.
    command.on('-node', (node: unknown) => {
      if (isShardedSubscriber(node)) this.setConnectionReady('subscriber', false);
    });
    command.on('subscribersReady', () => this.setConnectionReady('subscriber', true));
    command.on('node error', (error: Error, node: unknown) => this.logger.warn({ err: error, redisNode: node }, 'redis cluster node error'));
    command.on('smessage', (channel: string, message: string) => this.subscriptions.dispatch(channel, message));
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.command.spublish(this.names.channel(channel), payload);
  }

  async append(stream: string, payload: string, options: AppendOptions): Promise<string> {
    const key = this.names.stream(stream);
    const id: unknown = options.publish
      ? await this.command.eval(APPEND_AND_SPUBLISH, 2, key, this.names.tail(stream), options.maxLen, payload)
      : await this.command.xadd(key, 'MAXLEN', '~', options.maxLen, '*', DATA_FIELD, payload);
    if (typeof id !== 'string') throw new Error(`XADD to ${key} returned no id`);
    return id;
  }

  /** A cluster client of its own: XREADGROUP BLOCK holds the connection to the queue's master until it answers. */
  protected openReader(name: string): Cluster {
    return new Cluster([clusterSeed(this.options.url)], clusterOptions(this.options.url, name, false));
  }

  protected async closeConnections(): Promise<void> {
    await closeConnection(this.command);
  }
}
