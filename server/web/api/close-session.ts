// `DELETE /api/session`: signs out. The session row is deleted, the cookie cleared under every name it
// may have, and every gateway node told (by the token's hash, never the token) to close the session's sockets.
import { SESSION_ENDED_CHANNEL } from '../../../lib/protocol/channels.ts';
import type { Runtime } from '../../../lib/runtime.ts';
import { tokenOfRequest } from '../../../lib/session/request-session.ts';
import { clearedSessionCookieHeaders } from '../../../lib/session/session-cookie.ts';
import { endSession } from '../../../lib/session/session-store.ts';
import { hashToken, isWellFormedToken } from '../../../lib/session/session-token.ts';
import { NO_STORE } from './with-session.ts';

/** Ends the request's session if it has one; answers 200 `{ended}` either way, so signing out twice is harmless. */
export async function closeSession(request: Request, runtime: Runtime): Promise<Response> {
  const token = tokenOfRequest(request);
  let isEnded = false;
  if (token !== undefined && isWellFormedToken(token)) {
    isEnded = await endSession(runtime.db.prisma, token);
    // Also for a row already gone (pruned, or a sign-out retried): a socket opened with it may still be up.
    await runtime.broker.publish(SESSION_ENDED_CHANNEL, hashToken(token)).catch((error: unknown) => {
      runtime.logger.warn({ err: error }, 'session end not published: its sockets close at their expiry');
    });
  }
  if (isEnded) runtime.logger.info('session ended (signed out)');
  const headers = new Headers(NO_STORE);
  for (const cookie of clearedSessionCookieHeaders()) headers.append('Set-Cookie', cookie);
  return Response.json({ ended: isEnded }, { status: 200, headers });
}
