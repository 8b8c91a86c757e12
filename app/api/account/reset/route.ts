// POST /api/account/reset — cancels open orders, clears positions, restores the starting cash; the
// events go out on the user's channel so every socket of the user sees the reset.
import { readAccount } from '@/server/web/api/account-view.ts';
import { refuseCrossSite } from '@/server/web/api/same-origin.ts';
import { NO_STORE, unauthorized, withSession } from '@/server/web/api/with-session.ts';
import { resetAccount } from '@/lib/accounts/demo-accounts.ts';
import { publishEvents } from '@/lib/accounts/publish-events.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, { allowedOrigins: getRuntime().config.allowedOrigins });
  if (refused !== undefined) return refused;
  return withSession(request, async (session, { db, broker }) => {
    const events = await resetAccount(db.prisma, session.userId);
    await publishEvents(broker, session.userId, events);
    const account = await readAccount(db.prisma, session.userId);
    return account === undefined ? unauthorized() : Response.json(account, { headers: NO_STORE });
  });
}
