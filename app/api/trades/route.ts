// GET /api/trades?symbol=&limit= — the newest public trades (at most 1000) from the feed's trades stream,
// so the tape is full on load; the last id is where a WebSocket `trades` subscription resumes after.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { readTrades, tradeQuerySchema } from '@/server/web/api/trade-history.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const query = tradeQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error);
  const trades = await readTrades(getRuntime().broker, query.data);
  return Response.json({ symbol: query.data.symbol, trades }, { headers: { 'Cache-Control': 'no-store' } });
}
