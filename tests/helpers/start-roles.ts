// Starts several roles at once; if any fails to start, the others are killed before the error is
// rethrown, so a failed setup leaves no orphan processes behind.
import { startTickwire, type TickwireProcess } from './tickwire-process.ts';

/** One process to start: its role and environment. */
export interface RoleSpec {
  role: string;
  env: Record<string, string>;
}

/** Starts every spec concurrently; resolves in spec order or kills what started and rejects. */
export async function startRoles(specs: readonly RoleSpec[]): Promise<TickwireProcess[]> {
  const results = await Promise.allSettled(specs.map((spec) => startTickwire(spec.role, spec.env)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure === undefined) return started;
  await Promise.all(started.map((p) => p.kill()));
  throw failure.reason;
}
