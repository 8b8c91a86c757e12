// GET /api/orders?symbol=&limit= — the session's open orders and its most recent finished ones.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { orderQuerySchema, readOrders } from '@/server/web/api/order-history.ts';
import { NO_STORE, withSession } from '@/server/web/api/with-session.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return withSession(request, async (session, { db }) => {
    const query = orderQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return badRequest(query.error);
    return Response.json(await readOrders(db.prisma, session.userId, query.data), { headers: NO_STORE });
  });
}
