// Every Redis name the broker uses comes from here, so keys, streams and channels never collide.

/** Builds the prefixed names of keys, streams, queues, channels and tail channels for one deployment. */
export function redisNames(prefix: string) {
  return {
    key: (name: string) => `${prefix}key:${name}`,
    stream: (name: string) => `${prefix}stream:${name}`,
    queue: (name: string) => `${prefix}queue:${name}`,
    channel: (name: string) => `${prefix}channel:${name}`,
    tail: (stream: string) => `${prefix}tail:${stream}`,
  };
}

/** The name builder's shape, for fields that hold one. */
export type RedisNames = ReturnType<typeof redisNames>;
