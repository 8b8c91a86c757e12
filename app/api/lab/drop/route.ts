// POST /api/lab/drop {"lab":"<id>","epoch":<this page's drop count, this one included>} — ends that lab
// page's SSE, long-poll and WebSocket connections on every node (published on the broker), so the page
// can show how each transport recovers.
import { readJsonBody } from '@/server/web/api/json-body.ts';
import { refuseCrossSite } from '@/server/web/api/same-origin.ts';
import { dropBodySchema, encodeLabDrop } from '@/lib/protocol/lab-query.ts';
import { LAB_DROP_CHANNEL } from '@/lib/protocol/channels.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const refused = refuseCrossSite(request, { allowedOrigins: getRuntime().config.allowedOrigins });
  if (refused !== undefined) return refused;
  const body = await readJsonBody(request, dropBodySchema, { isOptional: false });
  if (!body.ok) return body.response;
  await getRuntime().broker.publish(LAB_DROP_CHANNEL, encodeLabDrop(body.value));
  return Response.json({ dropped: body.value.lab, epoch: body.value.epoch }, { status: 202 });
}
