// Runs a user-scoped route handler only for a request with a live session; 401 otherwise (none, unknown,
// ended, or past its idle timeout or absolute expiry).
import { getRuntime, type Runtime } from '../../../lib/runtime.ts';
import { sessionOfRequest, type RequestSession } from '../../../lib/session/request-session.ts';

/** User-scoped answers are never cached: they differ per session and change with every order. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** The 401 of a request without a valid session (RFC 9110 §15.5.2 asks for a WWW-Authenticate). */
export function unauthorized(): Response {
  return Response.json(
    { error: 'unauthenticated', message: 'no valid session (none, ended or expired): POST /api/session first (cookie tw_session or Authorization: Bearer)' },
    { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="tickwire"', ...NO_STORE } },
  );
}

/** Looks the session up, then runs `handle` with it and the process runtime. */
export async function withSession(request: Request, handle: (session: RequestSession, runtime: Runtime) => Promise<Response>): Promise<Response> {
  const runtime = getRuntime();
  const session = await sessionOfRequest(request, runtime.db.prisma, runtime.config.session);
  if (session === undefined) return unauthorized();
  return handle(session, runtime);
}
