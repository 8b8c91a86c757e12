// GET /api/instruments — every listed instrument with its tick size, lot size and precision.
import { INSTRUMENTS } from '@/lib/market/instruments.ts';

export const dynamic = 'force-static';

export function GET(): Response {
  const instruments = INSTRUMENTS.map(({ symbol, name, kind, tickSize, lotSize, pricePrecision, sizePrecision, minQty, maxQty }) => ({
    symbol, name, kind, tickSize, lotSize, pricePrecision, sizePrecision, minQty, maxQty,
  }));
  return Response.json({ instruments });
}
