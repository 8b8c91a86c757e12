// Cross-site WebSocket hijacking defence: a browser page may only open a socket from an allowed origin.
// Browsers always send `Origin` on a WebSocket handshake (RFC 6455 §4.1, item 8), so a missing one
// means a non-browser client (a script, a bot, a test) that no cookie-holding page can impersonate.

/** What an upgrade is judged by. */
export interface OriginPolicy {
  /** Exact origins (`scheme://host[:port]`) allowed; `*` allows any; empty means same-origin only. */
  allowedOrigins: readonly string[];
  allowMissingOrigin: boolean;
}

/** Whether a handshake with this `Origin` and `Host` may open a socket. */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  if (origin === undefined || origin === '') return policy.allowMissingOrigin;
  if (policy.allowedOrigins.length > 0) {
    return policy.allowedOrigins.includes('*') || policy.allowedOrigins.some((allowed) => sameOrigin(allowed, origin));
  }
  const originHost = hostOf(origin);
  return originHost !== undefined && host !== undefined && originHost === host.toLowerCase();
}

function hostOf(origin: string): string | undefined {
  try {
    // URL.host drops a default port, so compare against the Host header the same way.
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
