// Every NATS name the NATS broker uses comes from here: subjects, stream, consumer and KV bucket names, KV keys.
// The app's names hold `:` and `-` (md:book:BTC-USD), which a KV key or a bucket name cannot hold, and a `.`
// would split a subject token. One reversible escape makes any name one token valid everywhere:
// letters, digits and `-` stay, every other character becomes `_` and its code point in hex, `_` included.

/** A deployment prefix: letters, digits and `-` (no `_` or `.`, so where it ends is never ambiguous). */
export const NATS_PREFIX_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

/** Escapes a name into one token of `[A-Za-z0-9_-]`: a subject token, a stream, consumer or bucket name, a KV key part. */
export function natsToken(name: string): string {
  let token = '';
  for (const char of name) {
    if (/^[A-Za-z0-9-]$/.test(char)) token += char;
    else token += `_${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}_`;
  }
  // Never empty: an empty name must still be one valid token.
  return token === '' ? '_' : token;
}

/** Builds the names of one deployment's subjects, streams, consumers, buckets and keys. */
export function natsNames(prefix: string) {
  if (!NATS_PREFIX_PATTERN.test(prefix)) throw new RangeError(`NATS prefix must be 1-32 letters, digits or dashes (got ${JSON.stringify(prefix)})`);
  return {
    /** Core NATS subject of a pub/sub channel. */
    channel: (name: string) => `${prefix}.channel.${natsToken(name)}`,
    /** The JetStream stream holding a resumable stream's entries. */
    stream: (name: string) => `${prefix}_stream_${natsToken(name)}`,
    /** Entries appended with `publish: true` (what `tail` follows) go here... */
    streamLiveSubject: (name: string) => `${prefix}.stream.${natsToken(name)}.live`,
    /** ...and the others here; the stream takes both. */
    streamQuietSubject: (name: string) => `${prefix}.stream.${natsToken(name)}.quiet`,
    streamSubjects: (name: string) => `${prefix}.stream.${natsToken(name)}.*`,
    /** The JetStream stream of a work queue, and the one subject it takes. */
    queue: (name: string) => `${prefix}_queue_${natsToken(name)}`,
    queueSubject: (name: string) => `${prefix}.queue.${natsToken(name)}`,
    /** A consumer group: a durable consumer of the queue's stream (consumer names are per stream). */
    group: (name: string) => natsToken(name),
    /** The KV bucket of keys, leases and hashes. */
    keyBucket: `${prefix}_keys`,
    key: (name: string) => `key.${natsToken(name)}`,
    hash: (name: string) => `hash.${natsToken(name)}`,
    /** One KV bucket per window length: its max age (bucket-wide on 2.9) then outlives every window it holds. */
    limitBucket: (windowSeconds: number) => `${prefix}_limits_${windowSeconds}s`,
    limit: (name: string) => `limit.${natsToken(name)}`,
    /** Everything this deployment creates on the server starts with this (streams; KV buckets are streams `KV_<bucket>`). */
    ownedStreamPrefixes: [`${prefix}_stream_`, `${prefix}_queue_`, `KV_${prefix}_keys`, `KV_${prefix}_limits_`],
  };
}

/** The name builder's shape, for fields that hold one. */
export type NatsNames = ReturnType<typeof natsNames>;
