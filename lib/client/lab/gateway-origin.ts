// Socket.IO lives on the gateway nodes beside /ws but starts over HTTP (long polling): its origin is the
// gateway URL's, with the http(s) scheme that matches ws(s).

/** `http(s)://host[:port]` of a gateway URL given as ws(s):// or http(s)://. */
export function httpOriginOf(gatewayUrl: string): string {
  const url = new URL(gatewayUrl);
  const scheme = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  return `${scheme}//${url.host}`;
}

/** Where the page's sockets go: the gateway URL when one is configured, else `/ws` on the page's own host. */
export function gatewayWsUrl(gatewayUrl: string | undefined, page: Pick<Location, 'protocol' | 'host'>): string {
  return gatewayUrl ?? `${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}/ws`;
}

/** Where Socket.IO starts (beside /ws, over http(s): long polling comes first): the gateway's origin, else the page's. */
export function gatewaySocketIoOrigin(gatewayUrl: string | undefined, page: Pick<Location, 'origin'>): string {
  return gatewayUrl ? httpOriginOf(gatewayUrl) : page.origin;
}
