// Socket.IO lives on the gateway nodes beside /ws but starts over HTTP (long polling): its origin is the
// gateway URL's, with the http(s) scheme that matches ws(s).

/** `http(s)://host[:port]` of a gateway URL given as ws(s):// or http(s)://. */
export function httpOriginOf(gatewayUrl: string): string {
  const url = new URL(gatewayUrl);
  const scheme = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  return `${scheme}//${url.host}`;
}
