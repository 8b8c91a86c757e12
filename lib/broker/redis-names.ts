// Every Redis name the brokers use comes from here, so keys, streams and channels never collide.
// docs/scaling.md lists the layout and which part of each name picks its cluster slot.

/** Builds the prefixed names of keys, streams, queues, channels and tail channels for one deployment. */
export function redisNames(prefix: string) {
  return {
    key: (name: string) => `${prefix}key:${name}`,
    hash: (name: string) => `${prefix}hash:${name}`,
    limit: (name: string) => `${prefix}limit:${name}`,
    stream: (name: string) => `${prefix}stream:${name}`,
    queue: (name: string) => `${prefix}queue:${name}`,
    channel: (name: string) => `${prefix}channel:${name}`,
    tail: (stream: string) => `${prefix}tail:${stream}`,
  };
}

/** The name builder's shape, for fields that hold one. */
export type RedisNames = ReturnType<typeof redisNames>;

/**
 * The same names for Redis Cluster: a stream and its tail channel share a hash tag, so the XADD+SPUBLISH
 * script touches one slot (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 * The tail is the stream's key plus a suffix, so the first `}` falls at the same place in both whatever the
 * stream's name holds: they always hash alike. A rate-limit counter is tagged whole, so a key holding braces
 * (an address, a user id) can never pick its slot. Everything else is used one name per command and needs no tag.
 */
export function redisClusterNames(prefix: string): RedisNames {
  const stream = (name: string): string => `{${prefix}stream:${name}}`;
  return { ...redisNames(prefix), stream, tail: (name: string) => `${stream(name)}:tail`, limit: (name: string) => `{${prefix}limit:${name}}` };
}
