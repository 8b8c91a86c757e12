// `POST /api/session`: the one place a demo account is created. A request that already carries a
// valid session gets that session back instead of a second account, so a page may call it on every load
// (which also marks it seen and renews the cookie for the session's lifetime left).
import { randomInt } from 'node:crypto';
import { createDemoUser } from '../../../lib/accounts/demo-accounts.ts';
import type { Runtime } from '../../../lib/runtime.ts';
import { isSecureRequest, sessionOfRequest } from '../../../lib/session/request-session.ts';
import { cookieValue, SESSION_COOKIE, sessionCookieHeader } from '../../../lib/session/session-cookie.ts';
import { cookieMaxAgeS } from '../../../lib/session/session-policy.ts';
import { markSeen, openStoredSession } from '../../../lib/session/session-store.ts';
import type { SessionCreate } from './account-view.ts';
import { refuseTooManySessions } from './session-creation-limit.ts';
import { NO_STORE } from './with-session.ts';

/**
 * The answer's body. `token` only for a session this request opened and only when asked with `bearer: true`:
 * the token of a session a cookie presents is never answered, so a script in the page cannot read what
 * the HttpOnly cookie hides.
 */
export interface SessionView {
  userId: string;
  displayName: string;
  /** Epoch ms of the session's absolute end. */
  expiresAt: number;
  token?: string;
}

/** Returns the request's session (200, renamed when a name is given) or a new demo account's (201). */
export async function openSession(request: Request, runtime: Runtime, { displayName, bearer }: SessionCreate): Promise<Response> {
  const prisma = runtime.db.prisma;
  const existing = await sessionOfRequest(request, prisma, runtime.config.session);
  let opened: { token: string; expiresAtMs: number; userId: string; displayName: string };
  let status: number;
  if (existing === undefined) {
    const refused = await refuseTooManySessions(request, runtime);
    if (refused !== undefined) return refused;
    const name = displayName ?? `Trader ${randomInt(1000, 10000)}`;
    const userId = await createDemoUser(prisma, name);
    opened = { ...(await openStoredSession(prisma, userId, runtime.config.session)), userId, displayName: name };
    status = 201;
    runtime.logger.info({ userId }, 'demo account created');
  } else {
    if (displayName !== undefined) await prisma.user.update({ where: { id: existing.userId }, data: { displayName } });
    // A page load is activity: "seen" is written now, not up to a minute later.
    await markSeen(prisma, existing.tokenHash);
    opened = { token: existing.token, expiresAtMs: existing.expiresAtMs, userId: existing.userId, displayName: displayName ?? existing.displayName };
    status = 200;
  }
  const view: SessionView = { userId: opened.userId, displayName: opened.displayName, expiresAt: opened.expiresAtMs, ...(bearer === true && existing === undefined ? { token: opened.token } : {}) };
  const isSecure = isSecureRequest(request);
  const headers = new Headers(NO_STORE);
  headers.append('Set-Cookie', sessionCookieHeader(opened.token, { isSecure, maxAgeS: cookieMaxAgeS(opened.expiresAtMs, Date.now()) }));
  // Over https the cookie moves to its __Host- name: the plain one, set before, is cleared.
  if (isSecure && cookieValue(request.headers.get('cookie'), SESSION_COOKIE) !== undefined) headers.append('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return Response.json(view, { status, headers });
}
