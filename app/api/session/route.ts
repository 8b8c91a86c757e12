// POST /api/session — body optional {displayName}; returns {token, userId, displayName} and sets the tw_session cookie.
import { sessionCreateSchema } from '@/lib/api/account-view';
import { readJsonBody } from '@/lib/api/json-body';
import { openSession } from '@/lib/api/open-session';
import { getRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, sessionCreateSchema, { isOptional: true });
  if (!body.ok) return body.response;
  return openSession(request, getRuntime(), body.value.displayName);
}
