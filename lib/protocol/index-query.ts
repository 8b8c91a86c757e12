// The query of GET /api/stream/index, validated at the boundary: which quotes to add, where to resume.
import { z } from 'zod';
import { isKnownSymbol } from '../market/instruments.ts';
import { streamIdSchema } from './stream-id.ts';

/** At most this many symbols per stream: the widget shows a strip, not the market. */
export const MAX_SYMBOLS = 20;

/** `BTC-USD,ETH-USD` → known symbols, duplicates removed, in the client's order. */
export const symbolsSchema = z
  .string()
  .transform((raw) => raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
  .refine((list) => list.length <= MAX_SYMBOLS, `at most ${MAX_SYMBOLS} symbols`)
  .superRefine((list, ctx) => {
    const unknown = list.find((s) => !isKnownSymbol(s));
    if (unknown !== undefined) ctx.addIssue({ code: 'custom', message: `unknown symbol ${JSON.stringify(unknown.slice(0, 32))}` });
  })
  .transform((list) => [...new Set(list)]);

export const indexStreamQuerySchema = z.object({
  symbols: symbolsSchema.optional(),
  lastEventId: streamIdSchema.optional(),
  /** `timing=1`: each live `index` event carries `hops` [feed ts, web node read, web node sent] (lib/protocol/hops.ts). */
  timing: z
    .enum(['0', '1'])
    .optional()
    .transform((value) => value === '1'),
});
export type IndexStreamQuery = z.infer<typeof indexStreamQuerySchema>;

/** Reads the stream query from a request: the Last-Event-ID header wins over `?lastEventId=` (it is newer). */
export function parseIndexStreamQuery(request: Request): ReturnType<typeof indexStreamQuerySchema.safeParse> {
  const params = new URL(request.url).searchParams;
  const header = request.headers.get('last-event-id') || undefined;
  return indexStreamQuerySchema.safeParse({
    symbols: params.get('symbols') ?? undefined,
    lastEventId: header ?? (params.get('lastEventId') || undefined),
    timing: params.get('timing') ?? undefined,
  });
}
