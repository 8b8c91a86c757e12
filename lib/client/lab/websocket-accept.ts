// RFC 6455 §4.2.2: Sec-WebSocket-Accept = base64(SHA-1(Sec-WebSocket-Key + this GUID)), recomputed in the page.

/** The fixed GUID every WebSocket server appends to the client's key. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The accept value for a key, with WebCrypto (undefined where the page is not a secure context). */
export async function websocketAccept(key: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(key + WEBSOCKET_GUID));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
