// The real nats-server the NATS broker tests run against, shared with everything else on the machine:
// each run gets its own prefix, and removes the streams and KV buckets under it (never anyone else's).
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { natsNames } from '../../lib/broker/nats-names.ts';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A NATS prefix no other run uses, e.g. `twtest-3f9a1c2b` (NATS prefixes take no `:`). */
export function uniqueNatsPrefix(label = 'twtest'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every stream (queues and KV buckets are streams too, consumers go with them) under `prefix`; resolves to their names. */
export async function deleteNatsStreams(prefix: string): Promise<string[]> {
  const owned = natsNames(prefix).ownedStreamPrefixes;
  const nc = await connect({ servers: TEST_NATS_URL, name: `${prefix}-cleanup` });
  try {
    const jsm = await nc.jetstreamManager();
    const deleted: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (!owned.some((start) => name.startsWith(start))) continue;
      await jsm.streams.delete(name);
      deleted.push(name);
    }
    return deleted;
  } finally {
    await nc.close();
  }
}
