// Cross-site WebSocket hijacking defence: a browser page may only open a socket from an allowed origin.
// Browsers always send `Origin` on a WebSocket handshake (RFC 6455 §4.1, item 8), so a missing one
// means a non-browser client (a script, a bot, a test) that no cookie-holding page can impersonate.
import type { IncomingMessage } from 'node:http';

/** What an upgrade is judged by. */
export interface OriginPolicy {
  /** Exact origins (`scheme://host[:port]`) allowed; `*` allows any; empty means same-origin only. */
  allowedOrigins: readonly string[];
  allowMissingOrigin: boolean;
}

/** Where a handshake arrived: its `Host` and whether the client reached us over TLS. */
export interface HandshakeSite {
  host: string | undefined;
  isSecure: boolean;
}

/** The handshake's site: TLS on our own socket, or `X-Forwarded-Proto: https` from the proxy that ended it. */
export function siteOf(req: IncomingMessage): HandshakeSite {
  const isTls = 'encrypted' in req.socket && req.socket.encrypted === true;
  // Trusting the header is safe: a page cannot set it on a handshake, and a client that can sends any Origin anyway.
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return { host: req.headers.host, isSecure: isTls || proto === 'https' };
}

/**
 * Whether a handshake with this `Origin` may open a socket. Same-origin means scheme, host and port:
 * an `http://` page is not the `https://` site of the same name (its traffic can be rewritten on the way).
 */
export function isOriginAllowed(origin: string | undefined, site: HandshakeSite, policy: OriginPolicy): boolean {
  if (origin === undefined || origin === '') return policy.allowMissingOrigin;
  if (policy.allowedOrigins.length > 0) {
    return policy.allowedOrigins.includes('*') || policy.allowedOrigins.some((allowed) => sameOrigin(allowed, origin));
  }
  if (site.host === undefined || site.host === '') return false;
  return sameOrigin(origin, `${site.isSecure ? 'https' : 'http'}://${site.host}`);
}

// URL.origin lower-cases the scheme and host and drops a default port.
function sameOrigin(a: string, b: string): boolean {
  try {
    const origin = new URL(a).origin;
    return origin !== 'null' && origin === new URL(b).origin;
  } catch {
    return false;
  }
}
