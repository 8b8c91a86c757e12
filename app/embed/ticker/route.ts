// GET /embed/ticker?symbols=&theme=light|dark&speed=&layout=scroll|grid&lang=en|ko — the ticker widget for an
// iframe. A route handler rather than a page: it sets frame-ancestors from EMBED_FRAME_ANCESTORS at
// request time (Next's config headers are fixed at build time) and answers bad options with a 400.
import { embedOptionsSchema } from '@/lib/protocol/embed-options.ts';
import { renderTickerDocument, tickerPolicy } from '@/server/web/ticker/ticker-document.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const { embedFrameAncestors } = getRuntime().config;
  const options = embedOptionsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!options.success) {
    const issue = options.error.issues[0];
    const message = `${issue?.path.map(String).join('.') || 'query'}: ${issue?.message ?? 'invalid'}`;
    // Shown inside the embedder's iframe, so it says which parameter to fix.
    return new Response(`Bad ticker parameter — ${message}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': tickerPolicy(embedFrameAncestors) },
    });
  }
  const { html, contentSecurityPolicy } = renderTickerDocument(options.data, embedFrameAncestors);
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // Short shared caching is safe (the data comes live over SSE) and spares the app a render per page view.
      'Cache-Control': 'public, max-age=60',
      'Content-Security-Policy': contentSecurityPolicy,
    },
  });
}
