// POST /api/session — body optional {displayName, bearer}; returns {userId, displayName, expiresAt} (and the
// token only for bearer: true) and sets the session cookie. DELETE /api/session — signs out.
import { sessionCreateSchema } from '@/server/web/api/account-view.ts';
import { closeSession } from '@/server/web/api/close-session.ts';
import { readJsonBody } from '@/server/web/api/json-body.ts';
import { openSession } from '@/server/web/api/open-session.ts';
import { refuseCrossSite } from '@/server/web/api/same-origin.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, { allowedOrigins: getRuntime().config.allowedOrigins });
  if (refused !== undefined) return refused;
  const body = await readJsonBody(request, sessionCreateSchema, { isOptional: true });
  if (!body.ok) return body.response;
  return openSession(request, getRuntime(), body.value);
}

export async function DELETE(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, { allowedOrigins: getRuntime().config.allowedOrigins });
  if (refused !== undefined) return refused;
  return closeSession(request, getRuntime());
}
