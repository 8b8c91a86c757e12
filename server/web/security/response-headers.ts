// The security headers of every answer Next gives, in one place (proxy.ts sets them): a nonce-based
// Content-Security-Policy for pages, and for every answer nosniff, the referrer rule and, over https,
// Strict-Transport-Security. The embeddable ticker (/embed/ticker) sets its own policy at request
// time, because it must be frameable by the sites EMBED_FRAME_ANCESTORS names.

/** What a page's policy depends on. */
export interface PagePolicyOptions {
  /** This response's nonce: Next puts it on its own scripts, our inline scripts read it from `x-nonce`. */
  nonce: string;
  /** Dev mode: React's dev build needs eval (server error stacks in the browser). */
  isDev: boolean;
  /** PUBLIC_GATEWAY_URL, when the gateway (WebSocket, and Socket.IO's long polling) has an address of its own. */
  publicGatewayUrl: string | undefined;
  /** The page's own WebSocket origin (`ws://host` or `wss://host`), where the gateway is otherwise. */
  ownSocketOrigin: string;
  isSecure: boolean;
}

/** The request header Next reads the nonce from (besides the policy itself), for our own inline scripts. */
export const NONCE_HEADER = 'x-nonce';

/** HSTS for a year; sent only on an https answer (a browser ignores it over http anyway). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** The headers every answer carries, pages, API routes and the ticker alike. */
export function commonSecurityHeaders(isSecure: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(isSecure ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/**
 * A page's policy. Scripts: only those carrying the nonce, and what they load ('strict-dynamic': Next's
 * chunks). Styles: ours and inline ones (CSS cannot run code). Connections: same origin, plus the
 * gateway's WebSocket and, for Socket.IO's long polling, its http(s) origin.
 */
export function pageContentSecurityPolicy(options: PagePolicyOptions): string {
  const connect = ["'self'", options.ownSocketOrigin, ...socketOrigin(options.publicGatewayUrl)];
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.isDev ? " 'unsafe-eval'" : ''}`,
    // The SharedWorker holding the tabs' one connection (lib/client/shared), a script of our own build:
    // a worker carries no nonce, and 'strict-dynamic' makes script-src ignore 'self'.
    "worker-src 'self'",
    // Styles may be inline: React inserts hoisted <style> elements without a nonce (Next's not-found
    // page has one), as does dev mode (hot-reloaded CSS, the dev overlay), and a nonce in the list would
    // make the browser ignore 'unsafe-inline'. Scripts are what the nonce guards.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // The /embed page shows the ticker in iframes of its own origin.
    "frame-src 'self'",
    // No page is framed (clickjacking); only /embed/ticker is, under its own policy.
    "frame-ancestors 'none'",
    ...(options.isSecure ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** The headers of a page answer: its policy, the legacy frame refusal, and the common ones. */
export function pageSecurityHeaders(contentSecurityPolicy: string, isSecure: boolean): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy, 'X-Frame-Options': 'DENY', ...commonSecurityHeaders(isSecure) };
}

/** Whether the client reached us over https: directly, or at the proxy in front (X-Forwarded-Proto). */
export function isHttpsRequest(request: Request): boolean {
  // Trusting the header only ever adds HSTS and upgrade-insecure-requests: stricter, never looser.
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** Which answers are pages under the page policy: not the API, and not the ticker, which sets its own. */
export function isPagePath(pathname: string): boolean {
  return !(pathname === '/api' || pathname.startsWith('/api/') || pathname === '/embed/ticker' || pathname === '/embed/ticker/');
}

// `ws://host:port` of a gateway URL (http(s) URLs name the same host's socket) and `http://host:port`
// (Socket.IO starts with long polling there), nothing for a bad one.
function socketOrigin(url: string | undefined): string[] {
  if (url === undefined || url === '') return [];
  try {
    const parsed = new URL(url);
    const isSecure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
    return [`${isSecure ? 'wss:' : 'ws:'}//${parsed.host}`, `${isSecure ? 'https:' : 'http:'}//${parsed.host}`];
  } catch {
    return [];
  }
}
