// GET /api/positions — the session's holdings with realized P&L and unrealized P&L at the current mid.
import { readPositions } from '@/server/web/api/position-view.ts';
import { NO_STORE, withSession } from '@/server/web/api/with-session.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return withSession(request, async (session, { db, broker }) => {
    return Response.json({ positions: await readPositions(db.prisma, broker, session.userId) }, { headers: NO_STORE });
  });
}
