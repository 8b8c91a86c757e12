// Server-Sent Events wire format (https://html.spec.whatwg.org/multipage/server-sent-events.html).
const encoder = new TextEncoder();

/** Encodes one event; `data` must not contain newlines (we only send single-line JSON). */
export function encodeEvent(id: string | undefined, event: string, data: string): Uint8Array {
  return encoder.encode(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`);
}

/** A comment line: ignored by EventSource, keeps proxies from timing the stream out. */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** Tells EventSource how long to wait before reconnecting. */
export function encodeRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}

/** Joins chunks into one, so a client gets one write per stream entry however many events it carries. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * The response headers every event stream is sent with: no caching, no compression (`no-transform`
 * also stops Next from gzipping), no proxy buffering (`X-Accel-Buffering` is nginx's switch).
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};
