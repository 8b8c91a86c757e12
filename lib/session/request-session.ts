// The session of an HTTP request in a route handler: which token it presents, whose it is, and
// whether the cookie it gets back must be Secure.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { presentedToken } from './session-cookie.ts';
import type { SessionPolicy } from './session-policy.ts';
import { findSessionUser, type SessionUser } from './session-store.ts';

/** A request's valid session: its user and the token it was presented with. */
export interface RequestSession extends SessionUser {
  token: string;
}

/** The token a request presents (Bearer header, else the session cookie), or undefined. */
export function tokenOfRequest(request: Request): string | undefined {
  return presentedToken({ cookie: request.headers.get('cookie'), authorization: request.headers.get('authorization') })?.token;
}

/** The request's session, or undefined when it presents no token or one that names no live session. */
export async function sessionOfRequest(request: Request, prisma: PrismaClient, policy: SessionPolicy): Promise<RequestSession | undefined> {
  const token = tokenOfRequest(request);
  if (token === undefined) return undefined;
  const user = await findSessionUser(prisma, token, policy);
  return user === undefined ? undefined : { ...user, token };
}

/** Whether the client reached us over https (directly, or through a proxy that says so). */
export function isSecureRequest(request: Request): boolean {
  // Trusting X-Forwarded-Proto is safe here: it can only make the cookie stricter, never looser.
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
