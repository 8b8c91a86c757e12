// GET /api/system — which node answered and what it runs on (broker, database, mode), for the lab's diagram.
import type { SystemView } from '@/lib/protocol/system-view.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  const { config, broker, db } = getRuntime();
  const view: SystemView = {
    webNode: config.nodeId,
    role: config.role,
    mode: config.role === 'all' ? 'embedded' : 'distributed',
    broker: broker.kind === 'memory' ? 'memory' : config.redisCluster ? 'redis-cluster' : 'redis',
    database: db.kind,
  };
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
}
