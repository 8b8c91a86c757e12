// POST /api/session — body optional {displayName}; returns {token, userId, displayName} and sets the tw_session cookie.
import { sessionCreateSchema } from '@/server/web/api/account-view.ts';
import { readJsonBody } from '@/server/web/api/json-body.ts';
import { openSession } from '@/server/web/api/open-session.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, sessionCreateSchema, { isOptional: true });
  if (!body.ok) return body.response;
  return openSession(request, getRuntime(), body.value.displayName);
}
