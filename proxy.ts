// Next's proxy (formerly middleware): runs before every page and route handler, refuses a path that
// does not percent-decode, and sets the security headers (server/web/security/response-headers.ts). A page gets a fresh nonce per request: Next reads
// it from the policy on the request and puts it on its own scripts; our inline scripts read `x-nonce`.
//
// It reads the configuration from the process runtime like a route handler does: the app always runs
// under its custom server (bin/tickwire.ts), and Next runs the proxy in that same Node process (the
// Node runtime is the only one a proxy has since Next 16), where the runtime is process-scoped.
import { randomBytes } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { getRuntime } from '@/lib/runtime.ts';
import { refuseMalformedPath } from '@/server/web/security/malformed-path.ts';
import { commonSecurityHeaders, isHttpsRequest, isPagePath, NONCE_HEADER, pageContentSecurityPolicy, pageSecurityHeaders } from '@/server/web/security/response-headers.ts';

export function proxy(request: NextRequest): Response {
  const isSecure = isHttpsRequest(request);
  const malformed = refuseMalformedPath(request.nextUrl.pathname);
  if (malformed !== undefined) return withHeaders(malformed, commonSecurityHeaders(isSecure));
  if (!isPagePath(request.nextUrl.pathname)) return withHeaders(NextResponse.next(), commonSecurityHeaders(isSecure));
  const { config } = getRuntime();
  const nonce = randomBytes(16).toString('base64');
  const host = request.headers.get('host') ?? request.nextUrl.host;
  const policy = pageContentSecurityPolicy({ nonce, isDev: config.dev, publicGatewayUrl: config.publicGatewayUrl, ownSocketOrigin: `${isSecure ? 'wss' : 'ws'}://${host}`, isSecure });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set('content-security-policy', policy);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), pageSecurityHeaders(policy, isSecure));
}

function withHeaders<T extends Response>(response: T, headers: Record<string, string>): T {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's static files (content-hashed, served as they are) nor the icons.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
