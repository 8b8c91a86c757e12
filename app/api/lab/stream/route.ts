// GET /api/lab/stream?lab=<id>[&symbols=] — /api/stream/index for the transport lab: the same stream,
// ended early (EventSource then reconnects with Last-Event-ID) when the lab's drop button is pressed.
import { badRequest } from '@/server/web/api/bad-request';
import { parseLabQuery } from '@/lib/protocol/lab-query';
import { droppable } from '@/server/lab/web-lab-drops';
import { getWebRuntime } from '@/server/web/web-services';
import { parseIndexStreamQuery } from '@/lib/protocol/index-query';
import { createIndexStream } from '@/server/web/sse/index-stream';
import { SSE_HEADERS } from '@/server/web/sse/sse-format';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const lab = parseLabQuery(request);
  if (!lab.success) return badRequest(lab.error);
  const query = parseIndexStreamQuery(request);
  if (!query.success) return badRequest(query.error);
  const { broker, web } = getWebRuntime();
  const { lastEventId, symbols = [] } = query.data;
  const { signal } = await droppable(web.labDrops, lab.data.lab, request.signal);
  const stream = createIndexStream({ broker, hub: web.indexHub, lastEventId, symbols, signal });
  return new Response(stream, { headers: SSE_HEADERS });
}
