// How the Redis broker opens, retries and closes its connections.
import type { Redis, RedisOptions } from 'ioredis';

/** Reconnect delay: capped exponential backoff with equal jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). */
export function reconnectDelayMs(attempt: number): number {
  const capMs = Math.min(50 * 2 ** attempt, 2000);
  return Math.round(capMs / 2 + Math.random() * (capMs / 2));
}

/** Options for one named connection; `maxRetriesPerRequest` null makes commands wait out an outage. */
export function connectionOptions(name: string, maxRetriesPerRequest: number | null): RedisOptions {
  // CLIENT SETNAME refuses spaces.
  // Auto-pipelining sends the commands issued in one event-loop tick as one write: several times the publish rate.
  return { connectionName: name.replace(/\s/g, '_'), maxRetriesPerRequest, retryStrategy: reconnectDelayMs, enableAutoPipelining: true };
}

/** Closes a connection without waiting for replies; resolves once its socket is gone. */
export function disconnect(connection: Redis): Promise<void> {
  if (connection.status === 'end') return Promise.resolve();
  // A connection waiting to reconnect has no socket, and ioredis emits no 'end' for it.
  const hasSocket = connection.status !== 'reconnecting' && connection.status !== 'close';
  const ended = hasSocket ? new Promise<void>((resolve) => connection.once('end', () => resolve())) : Promise.resolve();
  connection.disconnect();
  return ended;
}

/** Closes a connection after its pending replies when it is up, at once otherwise. */
export async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return disconnect(connection);
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  await connection.quit().catch(() => connection.disconnect());
  await ended;
}
