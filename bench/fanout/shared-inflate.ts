// Compressed frames as the load generator reads them. The gateway compresses a shared frame once and
// writes the same bytes to every socket that negotiated permessage-deflate, so one inflate per distinct
// compressed payload tells every socket of this process what it carried: decompressing 2 million
// deltas a second in the clients would cost more CPU than the server that compressed them once.
import { constants, inflateRawSync } from 'node:zlib';

/** A compressed payload's message, and how many protocol messages (`{`) it holds. */
export interface InflatedFrame {
  readonly plain: Buffer;
  readonly messages: number;
}

/** The empty stored block RFC 7692 §7.2.2 has the receiver put back before inflating. */
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);
// Distinct frames of the last moment; a frame is shared within one fan-out pass, so older ones are not asked for again.
const MAX_ENTRIES = 4_096;
const cache = new Map<string, InflatedFrame>();
let inflates = 0;
let lookups = 0;

/**
 * The message a permessage-deflate payload (without context takeover) carries. `key` is the payload as
 * a latin1 string: identical bytes are the same message, so it is inflated once per process.
 */
export function inflateShared(key: string, countMessages: (plain: Buffer) => number): InflatedFrame {
  lookups += 1;
  const cached = cache.get(key);
  if (cached) return cached;
  inflates += 1;
  const compressed = Buffer.from(key, 'latin1');
  const plain = inflateRawSync(Buffer.concat([compressed, TAIL]), { finishFlush: constants.Z_SYNC_FLUSH });
  const inflated = { plain, messages: countMessages(plain) };
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, inflated);
  return inflated;
}

/** Payloads looked up and payloads inflated so far in this process. */
export function sharedInflateCounts(): { lookups: number; inflates: number } {
  return { lookups, inflates };
}
