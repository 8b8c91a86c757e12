// The Redis the run shares with everything else on the machine: its used_memory (INFO memory: every
// user's keys, so it moves with them too), and the memory of this run's own keys (SCAN of the run's
// prefix, MEMORY USAGE of each), which only the run moves.
import { Redis } from 'ioredis';

/** Reads Redis memory for one run's prefix. */
export class RedisMemory {
  private readonly redis: Redis;
  /** Each key's bytes at the first read of the run's keys and at the latest, to say which ones grew. */
  private first: Map<string, number> | undefined;
  private latest = new Map<string, number>();

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  }

  /** used_memory of the whole server, in bytes. */
  async usedMemory(): Promise<number | undefined> {
    const info = await this.redis.info('memory');
    const match = /^used_memory:(\d+)/m.exec(info);
    return match ? Number(match[1]) : undefined;
  }

  /** The bytes and number of the run's keys. */
  async runKeys(): Promise<{ bytes: number; keys: number }> {
    let cursor = '0';
    const sizes = new Map<string, number>();
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      for (const key of found) {
        const usage = await this.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
        sizes.set(key.slice(this.prefix.length), typeof usage === 'number' ? usage : 0);
      }
      cursor = next;
    } while (cursor !== '0');
    this.first ??= sizes;
    this.latest = sizes;
    return { bytes: [...sizes.values()].reduce((sum, b) => sum + b, 0), keys: sizes.size };
  }

  /** The `count` run keys that grew most from the first read to the latest (a key new since counts from 0). */
  growth(count: number): { key: string; firstBytes: number; latestBytes: number }[] {
    const first = this.first ?? new Map<string, number>();
    return [...this.latest]
      .map(([key, latestBytes]) => ({ key, firstBytes: first.get(key) ?? 0, latestBytes }))
      .sort((a, b) => b.latestBytes - b.firstBytes - (a.latestBytes - a.firstBytes))
      .slice(0, count);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
