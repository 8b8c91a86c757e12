// GET /api/tickers — every instrument's rolling 24 h open, high, low, last, change and volumes, from the
// stored 1m candles (as of the last closed minute; see server/web/api/ticker-stats.ts).
import { readTickers } from '@/server/web/api/ticker-stats.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const asOf = Date.now();
  const tickers = await readTickers(getRuntime().db.prisma, asOf);
  return Response.json({ asOf, tickers }, { headers: { 'Cache-Control': 'no-store' } });
}
