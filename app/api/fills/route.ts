// GET /api/fills?symbol=&limit=&before= — the session's executions, newest first.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { fillQuerySchema, readFills } from '@/server/web/api/fill-history.ts';
import { NO_STORE, withSession } from '@/server/web/api/with-session.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return withSession(request, async (session, { db }) => {
    const query = fillQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return badRequest(query.error);
    return Response.json({ fills: await readFills(db.prisma, session.userId, query.data) }, { headers: NO_STORE });
  });
}
