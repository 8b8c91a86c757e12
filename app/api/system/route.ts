// GET /api/system — which node answered, what it runs on (broker, database, mode) and which feed and
// engine lead, for the lab's diagram.
import type { SystemView } from '@/lib/protocol/system-view.ts';
import { readLeaders } from '@/lib/leadership/leaders.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const { config, broker, db } = getRuntime();
  // The rest of the view stands without it: a broker or database outage shows as no leader known.
  const leaders = await readLeaders(broker, db.prisma).catch(() => ({ feed: null, engine: null }));
  const view: SystemView = {
    webNode: config.nodeId,
    role: config.role,
    mode: config.role === 'all' ? 'embedded' : 'distributed',
    broker: broker.kind === 'redis' && config.redisCluster ? 'redis-cluster' : broker.kind,
    database: db.kind,
    leaders,
  };
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
}
