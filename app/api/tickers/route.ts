// GET /api/tickers — every instrument's rolling 24 h open, high, low, last, change and volumes, from the
// stored 1m candles (as of the last closed minute; see server/web/api/ticker-stats.ts). One read of
// the ~13,000 candle rows serves every request for 5 s, so a client polling it costs the database nothing.
import { tickerCache } from '@/server/web/api/ticker-stats.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

let cached: ReturnType<typeof tickerCache> | undefined;

export async function GET(): Promise<Response> {
  cached ??= tickerCache(getRuntime().db.prisma);
  const answer = await cached(Date.now());
  return Response.json(answer, { headers: { 'Cache-Control': 'no-store' } });
}
