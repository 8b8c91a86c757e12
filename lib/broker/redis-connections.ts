// How the Redis broker opens, retries and closes its connections.
import { Cluster, type Redis, type RedisOptions } from 'ioredis';
import { backoffDelayMs, type BackoffOptions } from '../util/backoff.ts';

/** A connection to one Redis or to a Redis Cluster: both run the same commands on keys. */
export type RedisClient = Redis | Cluster;

const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 50, maxMs: 2000 };

/** Reconnect delay: capped exponential backoff with equal jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). */
export function reconnectDelayMs(attempt: number): number {
  // Equal, not full, jitter: at least half the ceiling always passes. `() => 1` reads the ceiling itself.
  const ceilingMs = backoffDelayMs(attempt, RECONNECT_BACKOFF, () => 1);
  return Math.round(ceilingMs / 2 + Math.random() * (ceilingMs / 2));
}

/** Options for one named connection; `maxRetriesPerRequest` null makes commands wait out an outage. */
export function connectionOptions(name: string, maxRetriesPerRequest: number | null): RedisOptions {
  // CLIENT SETNAME refuses spaces.
  // Auto-pipelining sends the commands issued in one event-loop tick as one write: several times the publish rate.
  return { connectionName: name.replace(/\s/g, '_'), maxRetriesPerRequest, retryStrategy: reconnectDelayMs, enableAutoPipelining: true };
}

/** Closes a connection without waiting for replies; resolves once its sockets are gone. */
export function disconnect(connection: RedisClient): Promise<void> {
  if (connection.status === 'end') return Promise.resolve();
  const ended = willEmitEnd(connection) ? new Promise<void>((resolve) => connection.once('end', () => resolve())) : Promise.resolve();
  connection.disconnect();
  return ended;
}

/** Whether disconnecting will end with an 'end' event; ioredis emits none when there is nothing to close. */
function willEmitEnd(connection: RedisClient): boolean {
  // A connection waiting to reconnect has no socket, and ioredis emits no 'end' for it.
  if (connection.status === 'reconnecting' || connection.status === 'close') return false;
  // A cluster client with no node connections yet (still resolving its seed, or between reconnects) neither.
  return !(connection instanceof Cluster) || connection.status === 'wait' || connection.nodes().length > 0;
}

/** Closes a connection after its pending replies when it is up, at once otherwise. */
export async function closeConnection(connection: RedisClient): Promise<void> {
  if (connection.status !== 'ready') return disconnect(connection);
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  await connection.quit().catch(() => connection.disconnect());
  await ended;
}
