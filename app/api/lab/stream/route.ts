// GET /api/lab/stream?lab=<id>[&symbols=] — /api/stream/index for the transport lab: the same stream,
// ended early (EventSource then reconnects with Last-Event-ID) when the lab's drop button is pressed.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { parseLabQuery } from '@/lib/protocol/lab-query.ts';
import { droppable } from '@/server/lab/web-lab-drops.ts';
import { getWebRuntime } from '@/server/web/web-services.ts';
import { parseIndexStreamQuery } from '@/lib/protocol/index-query.ts';
import { createIndexStream } from '@/server/web/sse/index-stream.ts';
import { SSE_HEADERS } from '@/server/web/sse/sse-format.ts';
import { releaseOnAbort, streamsFullResponse } from '@/server/web/sse/stream-slots.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const lab = parseLabQuery(request);
  if (!lab.success) return badRequest(lab.error);
  const query = parseIndexStreamQuery(request);
  if (!query.success) return badRequest(query.error);
  const { broker, web } = getWebRuntime();
  const release = web.streamSlots.take();
  if (!release) return streamsFullResponse('sse');
  releaseOnAbort(request.signal, release);
  const { lastEventId, symbols = [], timing } = query.data;
  try {
    const { signal } = await droppable(web.labDrops, lab.data.lab, request.signal);
    return new Response(createIndexStream({ broker, hub: web.indexHub, lastEventId, symbols, timing, signal, onEnd: release }), { headers: SSE_HEADERS });
  } catch (error) {
    release();
    throw error;
  }
}
