// `POST /api/session`: the one place a demo account is created. A request that already carries a
// valid session gets that session back instead of a second account, so a page may call it on every load.
import { randomInt } from 'node:crypto';
import { createDemoUser } from '../../../lib/accounts/demo-accounts.ts';
import type { Runtime } from '../../../lib/runtime.ts';
import { isSecureRequest, sessionOfRequest } from '../../../lib/session/request-session.ts';
import { sessionCookieHeader } from '../../../lib/session/session-cookie.ts';
import { createSession } from '../../../lib/session/session-store.ts';
import { NO_STORE } from './with-session.ts';

/** The answer's body; the token is also set as the HttpOnly cookie. */
export interface SessionView {
  token: string;
  userId: string;
  displayName: string;
}

/** Returns the request's session (200, renamed when a name is given) or a new demo account's (201). */
export async function openSession(request: Request, runtime: Runtime, displayName: string | undefined): Promise<Response> {
  const prisma = runtime.db.prisma;
  const existing = await sessionOfRequest(request, prisma);
  let view: SessionView;
  let status: number;
  if (existing === undefined) {
    const name = displayName ?? `Trader ${randomInt(1000, 10000)}`;
    const userId = await createDemoUser(prisma, name);
    view = { token: await createSession(prisma, userId), userId, displayName: name };
    status = 201;
    runtime.logger.info({ userId }, 'demo account created');
  } else {
    if (displayName !== undefined) await prisma.user.update({ where: { id: existing.userId }, data: { displayName } });
    view = { token: existing.token, userId: existing.userId, displayName: displayName ?? existing.displayName };
    status = 200;
  }
  const cookie = sessionCookieHeader(view.token, { isSecure: isSecureRequest(request) });
  return Response.json(view, { status, headers: { 'Set-Cookie': cookie, ...NO_STORE } });
}
