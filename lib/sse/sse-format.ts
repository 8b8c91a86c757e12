// Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html).
const encoder = new TextEncoder();

/** Encodes one event; `data` must not contain newlines (we only send single-line JSON). */
export function encodeEvent(id: string, event: string, data: string): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
}

/** A comment line: ignored by EventSource, keeps proxies from timing the stream out. */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** Tells EventSource how long to wait before reconnecting. */
export function encodeRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}

/** The response headers every event stream is sent with: no caching, no compression, no proxy buffering. */
export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};
