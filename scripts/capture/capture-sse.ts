// Server-Sent Events on /api/stream/index as they cross the wire: the request, the response head,
// the retry hint and the first two events (an `index` and the `quote` that follows it for BTC-USD).
import type { Capture, CaptureContext } from './capture-section.ts';
import { shortenLongLines } from './http-message.ts';
import { exchangeOf, recordedGet } from './recorded-http.ts';

const PATH = '/api/stream/index?symbols=BTC-USD';
const EVENTS_SHOWN = 2;
const MAX_LINE_CHARS = 140;

/** The body up to the end of the first `count` events (blocks with an `event:` line), or undefined while they have not all arrived. */
export function firstEvents(body: string, count: number): string | undefined {
  const blocks = body.split('\n\n');
  let events = 0;
  for (let i = 0; i < blocks.length - 1; i++) {
    if (/^event:/m.test(blocks[i] ?? '')) events++;
    if (events === count) return `${blocks.slice(0, i + 1).join('\n\n')}\n\n`;
  }
  return undefined;
}

export async function captureSse({ recorder }: CaptureContext): Promise<Capture[]> {
  const connection = await recordedGet(recorder, PATH, { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' }, (body) => firstEvents(body, EVENTS_SHOWN) !== undefined);
  const { requestHead, responseHead, responseBody } = exchangeOf(connection);
  const events = firstEvents(responseBody, EVENTS_SHOWN);
  if (events === undefined) throw new Error(`the recorded SSE body holds fewer than ${EVENTS_SHOWN} events:\n${responseBody.slice(0, 500)}`);
  return [{ name: 'sse', text: `${requestHead}\n\n${responseHead}\n\n${shortenLongLines(events, MAX_LINE_CHARS)}` }];
}
