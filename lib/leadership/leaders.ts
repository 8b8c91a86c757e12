// Who leads each active/standby role, for GET /api/system: the lease's holder from the broker (live)
// with its term from the database (the fence it raised).
import type { Broker } from '../broker/broker.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { LeaderView } from '../protocol/system-view.ts';
import type { LeaderRole } from './fence.ts';
import { leaseKey } from './leader-election.ts';

/** The leader of each role, or null while its lease is free. */
export async function readLeaders(broker: Broker, prisma: PrismaClient): Promise<Record<LeaderRole, LeaderView | null>> {
  const [feed, engine, fences] = await Promise.all([broker.get(leaseKey('feed')), broker.get(leaseKey('engine')), prisma.leaderFence.findMany()]);
  const view = (role: LeaderRole, node: string | null): LeaderView | null => {
    if (node === null) return null;
    // The fence row is the holder's once it raised it; until then (a few ms into a takeover) the term is unknown.
    const fence = fences.find((row) => row.role === role && row.holder === node);
    return { node, token: fence?.token.toString() ?? '', since: fence?.raisedAt.getTime() ?? 0 };
  };
  return { feed: view('feed', feed), engine: view('engine', engine) };
}
