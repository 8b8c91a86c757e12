// The engine as one of an active/standby pair (or more): the process holding the lease runs the
// engine under its fence token; the others keep the books in sync and wait to take over. A new
// leader reads every open order and dead-man's switch back from the database and the broker, and
// takes the order queue's pending entries over (the consumer name is shared, so they come first);
// the fence refuses any write of a paused old leader, so each order is still processed exactly once.
import { runAsCandidate } from '../../lib/leadership/candidate.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { MarketData } from './market-data.ts';
import { startEngine, type Engine, type EngineOptions } from './engine-worker.ts';

/** Starts this process's candidate for the engine; while standing by it keeps every book in sync. */
export async function startEngineRole(runtime: Runtime, overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  const marketData = new MarketData(runtime.broker, runtime.logger, overrides.instruments ?? INSTRUMENTS);
  await marketData.start();
  const election = runAsCandidate(runtime, 'engine', async ({ fence, isLeading, fenced }) => {
    const engine = await startEngine(runtime, { ...overrides, fence, isLeading, onFenced: fenced, marketData });
    return { stop: () => engine.close() };
  });
  return {
    async close() {
      await election.close();
      await marketData.close();
    },
  };
}
