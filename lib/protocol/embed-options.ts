// The ticker widget's query string (`/embed/ticker?symbols=&theme=&speed=&layout=&lang=`), validated at the boundary.
import { z } from 'zod';
import { INSTRUMENTS } from '../market/instruments.ts';
import { symbolsSchema } from './index-query.ts';

/** The composite index's label in the widget. */
export const INDEX_LABEL = 'TWX';

export const embedOptionsSchema = z.object({
  /** Instruments shown after the index; every listed one by default. */
  symbols: symbolsSchema.default(() => INSTRUMENTS.map((i) => i.symbol)),
  theme: z.enum(['light', 'dark'], { message: 'must be light or dark' }).default('dark'),
  /** Scrolling speed in pixels per second; 0 keeps the strip still. */
  speed: z.coerce.number({ message: 'must be a number of pixels per second' }).min(0, 'must be 0 to 400').max(400, 'must be 0 to 400').default(60),
  layout: z.enum(['scroll', 'grid'], { message: 'must be scroll or grid' }).default('scroll'),
  /** The widget's words: English or Korean. */
  lang: z.enum(['en', 'ko'], { message: 'must be en or ko' }).default('en'),
});
export type EmbedOptions = z.infer<typeof embedOptionsSchema>;

/** The widget's connection states as it shows them, in its language. */
export type TickerStatusLabels = Record<'connecting' | 'live' | 'reconnecting', string>;

/** What the browser script needs. */
export interface TickerConfig {
  symbols: string[];
  speed: number;
  layout: EmbedOptions['layout'];
  streamUrl: string;
  statusLabels: TickerStatusLabels;
}

/** The stream the widget listens to: the index plus a `quote` event per shown symbol. */
export function tickerConfig(options: EmbedOptions, statusLabels: TickerStatusLabels): TickerConfig {
  const query = options.symbols.length > 0 ? `?symbols=${options.symbols.map(encodeURIComponent).join(',')}` : '';
  return { symbols: options.symbols, speed: options.speed, layout: options.layout, streamUrl: `/api/stream/index${query}`, statusLabels };
}
