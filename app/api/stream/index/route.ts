// GET /api/stream/index — the composite index as Server-Sent Events, resumable with Last-Event-ID.
import { getRuntime } from '@/lib/runtime';
import { getIndexHub } from '@/lib/sse/index-hub';
import { createIndexStream, isStreamId } from '@/lib/sse/index-stream';
import { SSE_HEADERS } from '@/lib/sse/sse-format';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const { broker } = getRuntime();
  const lastEventId = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId') ?? undefined;
  if (lastEventId !== undefined && !isStreamId(lastEventId)) {
    return Response.json({ error: 'bad_last_event_id', message: 'Last-Event-ID must be a stream id like 1700000000000-0' }, { status: 400 });
  }
  const stream = createIndexStream({ broker, hub: getIndexHub(broker), lastEventId, signal: request.signal });
  return new Response(stream, { headers: SSE_HEADERS });
}
