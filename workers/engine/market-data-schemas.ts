// Schemas for the trades the feed publishes, because a message from the bus is untrusted like any
// input (the book's own contract is lib/protocol/bus.ts).
import { z } from 'zod';

/** A `trade` on tradesChannel(symbol). */
export const tradeSchema = z.object({
  type: z.literal('trade'),
  symbol: z.string().min(1).max(16),
  id: z.string(),
  price: z.string(),
  size: z.string(),
  side: z.enum(['buy', 'sell']),
  ts: z.number(),
});

/** Parses a JSON payload with a schema; undefined when it is not JSON or does not match. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: string): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
