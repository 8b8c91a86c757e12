// Cross-site request forgery defence for state-changing route handlers. A browser attaches the
// session cookie by itself, so a foreign page could act for the user; such a request is refused
// unless the browser says it comes from our own origin. Clients that authenticate with
// `Authorization: Bearer` carry no ambient credential (a foreign page cannot set that header without
// a CORS preflight we never grant) and are judged by their token alone.
import { isSecureRequest } from '../../../lib/session/request-session.ts';

/** Origins besides the app's own that may change state (ALLOWED_ORIGINS). */
export interface SameOriginPolicy {
  allowedOrigins: readonly string[];
}

/** The 403 or 415 to send instead of running a state-changing handler, or undefined when it may run. */
export function refuseCrossSite(request: Request, policy: SameOriginPolicy): Response | undefined {
  if (!isBearerRequest(request) && !isSameOrigin(request, policy)) {
    return Response.json(
      { error: 'cross_site', message: 'origin: a state-changing request must come from this site (a same-origin Origin or Sec-Fetch-Site: same-origin)' },
      { status: 403, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  if (hasBodyMethod(request) && !isJsonContentType(request.headers.get('content-type'))) {
    return Response.json(
      { error: 'unsupported_media_type', message: 'content-type: must be application/json' },
      { status: 415, headers: { 'Cache-Control': 'no-store', Accept: 'application/json' } },
    );
  }
  return undefined;
}

function isBearerRequest(request: Request): boolean {
  return /^Bearer[ ]+\S+\s*$/i.test(request.headers.get('authorization') ?? '');
}

function isSameOrigin(request: Request, policy: SameOriginPolicy): boolean {
  const origin = request.headers.get('origin');
  // Sec-Fetch-Site is set by the browser alone; `same-site` (a sibling subdomain) is not enough.
  if (origin === null || origin === 'null') return request.headers.get('sec-fetch-site') === 'same-origin';
  if (policy.allowedOrigins.some((allowed) => originOf(allowed) === originOf(origin))) return true;
  const host = request.headers.get('host');
  if (host === null) return false;
  const ownOrigin = `${isSecureRequest(request) ? 'https' : 'http'}://${host}`;
  const theirs = originOf(origin);
  return theirs !== undefined && theirs === originOf(ownOrigin);
}

function hasBodyMethod(request: Request): boolean {
  return request.method === 'POST' || request.method === 'PUT' || request.method === 'PATCH';
}

function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/json\s*(;|$)/i.test(value.trim());
}

// Normalised: scheme and host lower-cased, default port dropped.
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}
