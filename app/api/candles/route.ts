// GET /api/candles?symbol=&tf=&from=&to=&limit= — closed candle history from the database.
import { badRequest } from '@/server/web/api/bad-request.ts';
import { candleQuerySchema, readCandles } from '@/server/web/api/candle-history.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const query = candleQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badRequest(query.error);
  const candles = await readCandles(getRuntime().db.prisma, query.data);
  return Response.json({ symbol: query.data.symbol, timeframe: query.data.tf, candles }, { headers: { 'Cache-Control': 'no-store' } });
}
