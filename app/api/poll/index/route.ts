// GET /api/poll/index?since=<id>&limit= — short polling baseline: what came after `since`, at once.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { getRuntime } from '@/lib/runtime.ts';
import { pollQuerySchema, pollResponse, readSince } from '@/server/web/sse/index-poll.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const query = pollQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error);
  return pollResponse(await readSince(getRuntime().broker, query.data), 'poll');
}
