// GET /api/account — the session's account; PATCH /api/account {displayName} — renames it.
import { accountPatchSchema, readAccount } from '@/server/web/api/account-view.ts';
import { readJsonBody } from '@/server/web/api/json-body.ts';
import { refuseCrossSite } from '@/server/web/api/same-origin.ts';
import { NO_STORE, unauthorized, withSession } from '@/server/web/api/with-session.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return withSession(request, async (session, { db }) => {
    const account = await readAccount(db.prisma, session.userId);
    return account === undefined ? unauthorized() : Response.json(account, { headers: NO_STORE });
  });
}

export async function PATCH(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, { allowedOrigins: getRuntime().config.allowedOrigins });
  if (refused !== undefined) return refused;
  return withSession(request, async (session, { db }) => {
    const body = await readJsonBody(request, accountPatchSchema, { isOptional: false });
    if (!body.ok) return body.response;
    await db.prisma.user.update({ where: { id: session.userId }, data: { displayName: body.value.displayName } });
    const account = await readAccount(db.prisma, session.userId);
    return account === undefined ? unauthorized() : Response.json(account, { headers: NO_STORE });
  });
}
