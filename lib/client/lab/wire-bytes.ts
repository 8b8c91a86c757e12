// Bytes on the wire per update, as far as a page can know them. Bodies and WebSocket payloads are
// measured; HTTP headers the browser adds or hides (User-Agent, Cookie, Date…) are estimated.
const encoder = new TextEncoder();

/** UTF-8 length of a string: what it costs on the wire before any compression. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/**
 * The request headers a page cannot read (Host, User-Agent, Accept*, sec-ch-ua*, Sec-Fetch-*, Referer,
 * Connection): about 450 bytes in Chromium 156 on this app, measured once from the server's side.
 */
export const BROWSER_REQUEST_HEADER_BYTES = 450;
/** The response headers a page cannot read (Date, Connection, Keep-Alive, Transfer-Encoding). */
export const HIDDEN_RESPONSE_HEADER_BYTES = 90;

/** How the per-request header estimate is made, shown on the page beside the number. */
export const HEADER_FORMULA = `request line + ~${BROWSER_REQUEST_HEADER_BYTES} B browser headers + status line + Σ visible response headers + ~${HIDDEN_RESPONSE_HEADER_BYTES} B hidden ones`;

/** Estimated HTTP/1.1 header bytes of one request and its response (see HEADER_FORMULA). */
export function httpOverheadBytes(path: string, responseHeaders: Headers): number {
  let response = utf8Bytes('HTTP/1.1 200 OK\r\n') + HIDDEN_RESPONSE_HEADER_BYTES + 2;
  responseHeaders.forEach((value, name) => {
    response += utf8Bytes(`${name}: ${value}\r\n`);
  });
  return utf8Bytes(`GET ${path} HTTP/1.1\r\n`) + BROWSER_REQUEST_HEADER_BYTES + 2 + response;
}

const HOPS_FIELD = /,"hops":\[[^\]]*\]/g;

/**
 * A message's text without the hop times it carries: the index's cards ask for them, and count without
 * them so the six transports compare like for like (polling has none).
 */
export function withoutHops(text: string): string {
  return text.includes('"hops":') ? text.replace(HOPS_FIELD, '') : text;
}

/** Header bytes of one unmasked server→client WebSocket frame (RFC 6455 §5.2). */
export function wsFrameHeaderBytes(payloadBytes: number): number {
  if (payloadBytes <= 125) return 2;
  return payloadBytes <= 0xffff ? 4 : 10;
}

/** The exact bytes of one index event as our server writes it (server/web/sse/sse-format.ts). */
export function sseEventBytes(id: string, event: string, data: string): number {
  return utf8Bytes(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`);
}
