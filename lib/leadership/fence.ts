// Fencing tokens in PostgreSQL for the roles run as active/standby. The lease (in the broker) decides
// who leads; the fence decides whose writes land: a new leader raises its role's fence, and every
// write of the old one fails from then on, even if it wakes from a pause still believing it leads.
import { sqlState } from '../db/sql-state.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

/** A role that runs as one leader and any number of standbys. */
export type LeaderRole = 'feed' | 'engine';

/** The token a leader writes under. */
export interface Fence {
  role: LeaderRole;
  token: bigint;
}

/** SQLSTATE of tickwire_assert_fence: the write carried a token older than the role's newest. */
const FENCED_SQLSTATE = 'TWF01';

/** A write was refused because a newer leader raised the fence: this process no longer leads. */
export class FencedError extends Error {
  override readonly name = 'FencedError';
}

/** Raises the role's fence for a new leader; the token is above every earlier one. */
export async function raiseFence(prisma: PrismaClient, role: LeaderRole, holder: string): Promise<Fence> {
  const rows = await prisma.$queryRaw<{ token: bigint }[]>`SELECT tickwire_raise_fence(${role}, ${holder}) AS token`;
  const token = rows[0]?.token;
  if (token === undefined) throw new Error(`raising the ${role} fence returned no token`);
  return { role, token: BigInt(token) };
}

/** An expression that aborts the statement evaluating it unless the fence is still the newest. */
export function assertFenceSql(fence: Fence): Prisma.Sql {
  return Prisma.sql`tickwire_assert_fence(${fence.role}, ${fence.token}::bigint)`;
}

/** Asserts the fence as a transaction's first statement; its row lock holds any raise off until the transaction ends. */
export async function assertFence(tx: Pick<PrismaClient, '$queryRaw'>, fence: Fence): Promise<void> {
  try {
    await tx.$queryRaw`SELECT ${assertFenceSql(fence)}`;
  } catch (error) {
    throw asFencedError(error);
  }
}

/** The error as a FencedError when the database refused a stale token; otherwise unchanged. */
export function asFencedError(error: unknown): unknown {
  return sqlState(error) === FENCED_SQLSTATE ? new FencedError('a newer leader raised the fence: this write was refused') : error;
}
