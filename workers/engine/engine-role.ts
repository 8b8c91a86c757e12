// The engine as one of an active/standby pair (or more): the process holding the lease runs the
// engine under its fence token; the others wait to take over. A new leader reads every open order
// and dead-man's switch back from the database and the broker, and takes the order queue's pending
// entries over (the consumer name is shared, so they come first); the fence refuses any write of a
// paused old leader, so each order is still processed exactly once.
import { raiseFence } from '../../lib/leadership/fence.ts';
import { LeaderElection } from '../../lib/leadership/leader-election.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { startEngine, type Engine, type EngineOptions } from './engine-worker.ts';

/** Starts this process's candidate for the engine. */
export async function startEngineRole(runtime: Runtime, overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  const { broker, logger, config, db } = runtime;
  const election: LeaderElection = new LeaderElection({
    role: 'engine',
    holder: config.nodeId,
    ttlMs: config.leaderLeaseMs,
    broker,
    logger,
    raiseFence: () => raiseFence(db.prisma, 'engine', config.nodeId),
    lead: async (fence) => {
      const engine = await startEngine(runtime, { ...overrides, fence, isLeading: () => election.isLeading, onFenced: () => election.fenced() });
      return { stop: () => engine.close() };
    },
  });
  return { close: () => election.close() };
}
