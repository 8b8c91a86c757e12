// A process's candidate for an active/standby role, wired to its runtime: its node id as the lease's
// holder, LEADER_LEASE_MS, the broker's lease and the database's fence.
import type { Runtime } from '../runtime.ts';
import { raiseFence, type Fence, type LeaderRole } from './fence.ts';
import { LeaderElection, type Term } from './leader-election.ts';

/** What a term runs under: its fence, whether it still leads, and how to report a fenced-off write. */
export interface TermContext {
  fence: Fence;
  isLeading: () => boolean;
  fenced: () => void;
}

/** Starts campaigning for `role`; `lead` starts the role whenever this process becomes its leader. */
export function runAsCandidate(runtime: Runtime, role: LeaderRole, lead: (term: TermContext) => Promise<Term>): LeaderElection {
  const { broker, logger, config, db } = runtime;
  const election: LeaderElection = new LeaderElection({
    role,
    holder: config.nodeId,
    ttlMs: config.leaderLeaseMs,
    broker,
    logger,
    raiseFence: () => raiseFence(db.prisma, role, config.nodeId),
    lead: (fence) => lead({ fence, isLeading: () => election.isLeading, fenced: () => election.fenced() }),
  });
  return election;
}
