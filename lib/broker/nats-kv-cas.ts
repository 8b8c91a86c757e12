// Read-decide-write on one JetStream KV key, as one atomic step: the write names the revision it read
// (Nats-Expected-Last-Subject-Sequence), so a writer that lost a race is refused and decides again on
// what won. This is what makes leases, hash fields and rate-limit counts exact across processes.
import type { KV, KvEntry } from 'nats';
import { isJetStreamError, JS_ERRORS } from './nats-errors.ts';

/** What to do with the key after reading it, and what the caller gets back. */
export type CasDecision<T> = { write: string; result: T } | { remove: true; result: T } | { result: T };

// A writer loses a round only to another writer that won it, so this many lost rounds means a storm.
const MAX_ROUNDS = 100;

/** Reads `key`, asks `decide` what to do with it, and writes only if nobody wrote in between; again when someone did. */
export async function compareAndSet<T>(kv: KV, key: string, decide: (current: KvEntry | null) => CasDecision<T>): Promise<T> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const current = await kv.get(key);
    const decision = decide(current);
    try {
      if ('write' in decision) {
        // A key never written expects revision 0; a deleted one expects its delete marker's revision.
        if (current === null) await kv.create(key, decision.write);
        else await kv.update(key, decision.write, current.revision);
      } else if ('remove' in decision && current !== null && current.operation === 'PUT') {
        await kv.delete(key, { previousSeq: current.revision });
      }
      return decision.result;
    } catch (error) {
      if (!isJetStreamError(error, JS_ERRORS.wrongLastSequence)) throw error;
      // Lost the race: spread the retries a little so a crowd does not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, round + 1)));
    }
  }
  throw new Error(`KV key ${key}: gave up after ${MAX_ROUNDS} lost compare-and-set rounds`);
}
