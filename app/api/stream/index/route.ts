// GET /api/stream/index[?symbols=BTC-USD,ETH-USD][&timing=1] — the composite index as Server-Sent Events, with a
// `quote` event per chosen symbol after each `index` event; resumable with Last-Event-ID.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { getWebRuntime } from '@/server/web/web-services.ts';
import { parseIndexStreamQuery } from '@/lib/protocol/index-query.ts';
import { createIndexStream } from '@/server/web/sse/index-stream.ts';
import { SSE_HEADERS } from '@/server/web/sse/sse-format.ts';
import { releaseOnAbort, streamsFullResponse } from '@/server/web/sse/stream-slots.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const query = parseIndexStreamQuery(request);
  if (!query.success) return badRequest(query.error);
  const { broker, web } = getWebRuntime();
  const release = web.streamSlots.take();
  if (!release) return streamsFullResponse('sse');
  releaseOnAbort(request.signal, release);
  const { lastEventId, symbols = [], timing } = query.data;
  const stream = createIndexStream({ broker, hub: web.indexHub, lastEventId, symbols, timing, signal: request.signal, onEnd: release });
  return new Response(stream, { headers: SSE_HEADERS });
}
