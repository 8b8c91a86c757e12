// Creating a queue's consumer group, idempotently.
import type { RedisClient } from './redis-connections.ts';
import { errorMessage } from './redis-replies.ts';

/** Creates the group (and the stream) unless it exists; the group starts at the queue's oldest entry. */
export async function ensureGroup(command: RedisClient, key: string, group: string): Promise<void> {
  try {
    // From '0', so work enqueued before the first consumer started is not lost.
    await command.xgroup('CREATE', key, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
  }
}
