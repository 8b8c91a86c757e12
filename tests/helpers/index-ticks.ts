// Index stream entries for tests: valid ticks with every quote, appended like the feed appends them.
import type { Broker } from '../../lib/broker/broker.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import type { IndexTick } from '../../lib/protocol/index-tick.ts';

/** A tick whose values are derived from `n`, so each one differs. */
export function indexTick(n: number): IndexTick {
  const quotes: IndexTick['quotes'] = {};
  for (const inst of INSTRUMENTS) {
    const mid = Number(inst.referencePrice) * (1 + n / 10_000);
    quotes[inst.symbol] = { last: mid.toFixed(inst.pricePrecision), bid: mid.toFixed(inst.pricePrecision), ask: mid.toFixed(inst.pricePrecision), changePct: (n / 100).toFixed(2) };
  }
  return { ts: Date.now(), value: (1000 + n / 10).toFixed(2), changePct: (n / 100).toFixed(2), quotes };
}

/** Appends `count` ticks (numbered from `from`) and returns their ids. */
export async function appendTicks(broker: Broker, count: number, options: { from?: number; maxLen?: number } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await broker.append(INDEX_STREAM, JSON.stringify(indexTick((options.from ?? 0) + i)), { maxLen: options.maxLen ?? 20_000, publish: true }));
  }
  return ids;
}
