// POST /api/session — body optional {displayName}; returns {token, userId, displayName} and sets the tw_session cookie.
import { sessionCreateSchema } from '@/server/web/api/account-view';
import { readJsonBody } from '@/server/web/api/json-body';
import { openSession } from '@/server/web/api/open-session';
import { getRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, sessionCreateSchema, { isOptional: true });
  if (!body.ok) return body.response;
  return openSession(request, getRuntime(), body.value.displayName);
}
