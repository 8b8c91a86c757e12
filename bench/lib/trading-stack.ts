// What the order benchmarks run against: the feed, the engine and two gateways, each its own process
// on one Redis prefix and database, and demo accounts with a session each.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { openDatabase } from '../../lib/db/database.ts';
import { createSession } from '../../lib/session/session-store.ts';
import type { TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
import { startRoles } from '../../tests/helpers/start-roles.ts';

/** The stack's processes; every one started is also pushed to `started`, so the caller stops them whatever fails. */
export async function startTradingStack(env: Record<string, string>, started: TickwireProcess[]): Promise<{ engine: TickwireProcess; gateways: TickwireProcess[] }> {
  started.push(...(await startRoles([{ role: 'feed', env: { ...env, NODE_ID: 'feed-1' } }])));
  const [engine, ...gateways] = await startRoles([
    { role: 'engine', env: { ...env, NODE_ID: 'engine-1' } },
    { role: 'gateway', env: { ...env, NODE_ID: 'gateway-1' } },
    { role: 'gateway', env: { ...env, NODE_ID: 'gateway-2' } },
  ]);
  started.push(...(engine === undefined ? [] : [engine]), ...gateways);
  if (engine === undefined) throw new Error('the engine did not start');
  return { engine, gateways };
}

/** Opens `count` demo accounts named `<label>-<i>` and returns a session token for each. */
export async function createUsers(databaseUrl: string, label: string, count: number): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tickwire-bench-'));
  const db = await openDatabase({ databaseUrl, dataDir, migrate: true });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++) tokens.push(await createSession(db.prisma, await createDemoUser(db.prisma, `${label}-${i}`)));
    return tokens;
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
