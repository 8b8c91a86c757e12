// The real nats-server the NATS broker tests run against, shared with everything else on the machine:
// each run gets its own prefix, and removes the streams and KV buckets under it (never anyone else's).
import { deleteNatsStreams as deleteStreamsAt, uniqueNatsPrefix as uniquePrefixOf } from '../../scripts/cluster/nats-prefix.ts';

export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A NATS prefix no other run uses, e.g. `twtest-3f9a1c2b` (NATS prefixes take no `:`). */
export function uniqueNatsPrefix(label = 'twtest'): string {
  return uniquePrefixOf(label);
}

/** Deletes every stream (queues and KV buckets are streams too, consumers go with them) under `prefix` on the shared server; resolves to their names. */
export function deleteNatsStreams(prefix: string): Promise<string[]> {
  return deleteStreamsAt(TEST_NATS_URL, prefix);
}
