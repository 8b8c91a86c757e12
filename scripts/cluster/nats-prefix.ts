// A NATS deployment's namespace on a shared server: a prefix of its own per run, and the removal of every
// stream (queues and KV buckets are streams too; consumers go with them) under it, never anyone else's.
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { natsNames } from '../../lib/broker/nats-names.ts';

/** A NATS prefix no other run uses, e.g. `tw-cluster-3f9a1c2b` (NATS prefixes take no `:`). */
export function uniqueNatsPrefix(label = 'tw'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every stream and KV bucket under `prefix` on the server at `url`; resolves to their stream names. */
export async function deleteNatsStreams(url: string, prefix: string): Promise<string[]> {
  const owned = natsNames(prefix).ownedStreamPrefixes;
  const nc = await connect({ servers: url, name: `${prefix}-cleanup` });
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
