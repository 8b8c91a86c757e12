// GET /api/lab/longpoll?lab=<id>&epoch=<drops seen>&since=&timeout= — /api/longpoll/index for the
// transport lab; a poll held when the lab's drop button is pressed, or sent before that drop and
// arriving after it, is answered 503, as a dropped connection would fail.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { parseLabQuery } from '@/lib/protocol/lab-query.ts';
import { droppable } from '@/server/lab/web-lab-drops.ts';
import { getWebRuntime } from '@/server/web/web-services.ts';
import { longPollQuerySchema, pollResponse, waitSince } from '@/server/web/sse/index-poll.ts';
import { streamsFullResponse } from '@/server/web/sse/stream-slots.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const lab = parseLabQuery(request);
  if (!lab.success) return badRequest(lab.error);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  delete params.lab;
  delete params.epoch;
  const query = longPollQuerySchema.safeParse(params);
  if (!query.success) return badRequest(query.error);
  const { broker, web } = getWebRuntime();
  const release = web.streamSlots.take();
  if (!release) return streamsFullResponse('longpoll');
  try {
    const held = await droppable(web.labDrops, lab.data.lab, request.signal, lab.data.epoch);
    try {
      const poll = await waitSince(broker, web.indexHub, query.data, held.signal);
      if (held.isDropped()) return Response.json({ error: 'dropped', message: 'dropped by the lab' }, { status: 503 });
      return pollResponse(poll, 'longpoll');
    } finally {
      held.release();
    }
  } finally {
    release();
  }
}
