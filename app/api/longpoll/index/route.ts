// GET /api/longpoll/index?since=<id>&timeout=25 — long polling baseline: held until something newer
// than `since` exists or `timeout` seconds pass.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { getWebRuntime } from '@/server/web/web-services.ts';
import { longPollQuerySchema, pollResponse, waitSince } from '@/server/web/sse/index-poll.ts';
import { streamsFullResponse } from '@/server/web/sse/stream-slots.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const query = longPollQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error);
  const { broker, web } = getWebRuntime();
  const release = web.streamSlots.take();
  if (!release) return streamsFullResponse('longpoll');
  try {
    return pollResponse(await waitSince(broker, web.indexHub, query.data, request.signal), 'longpoll');
  } finally {
    release();
  }
}
