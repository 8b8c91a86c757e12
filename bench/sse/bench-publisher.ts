// Appends realistic index ticks (the index and all nine quotes, ~900 bytes) to the index stream at a
// fixed rate, straight through the Redis broker as the feed does, so every measured server gets the same entries.
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import type { IndexTick } from '../../lib/protocol/index-tick.ts';

const quiet = { warn: () => undefined, info: () => undefined };

/** A tick that moves a little each time, like the simulator's. */
function tick(n: number): IndexTick {
  const quotes: IndexTick['quotes'] = {};
  for (const inst of INSTRUMENTS) {
    const mid = Number(inst.referencePrice) * (1 + Math.sin(n / 50 + inst.indexWeight * 10) / 200);
    const half = Number(inst.tickSize) * 2;
    const fmt = (v: number): string => v.toFixed(inst.pricePrecision);
    quotes[inst.symbol] = { last: fmt(mid), bid: fmt(mid - half), ask: fmt(mid + half), changePct: (Math.sin(n / 80) * 2).toFixed(2) };
  }
  return { ts: Date.now(), value: (1000 + Math.sin(n / 40) * 5).toFixed(2), changePct: (Math.sin(n / 40) / 2).toFixed(2), quotes };
}

/** A running publisher. */
export interface BenchPublisher {
  /** Entries appended so far (counted when Redis confirmed them). */
  published(): number;
  stop(): Promise<void>;
}

/** Starts appending `perSecond` ticks a second under the deployment's prefix. */
export function startBenchPublisher(options: { redisUrl: string; prefix: string; perSecond: number }): BenchPublisher {
  const broker = new RedisBroker({ url: options.redisUrl, prefix: options.prefix, logger: quiet });
  let count = 0;
  let n = 0;
  const timer = setInterval(() => {
    // An append still in flight when stop() closes the broker fails; it was never published, so it is not counted.
    broker.append(INDEX_STREAM, JSON.stringify(tick(n++)), { maxLen: 20_000, publish: true }).then(
      () => (count += 1),
      () => undefined,
    );
  }, 1000 / options.perSecond);
  return {
    published: () => count,
    async stop() {
      clearInterval(timer);
      await broker.close();
    },
  };
}
