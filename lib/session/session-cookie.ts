// The session cookie and the two ways a client presents its token: the cookie (browsers) or
// `Authorization: Bearer` (other clients). Pure header parsing, shared by route handlers and the gateway.

/** The cookie's name over plain http (localhost, or a deployment without TLS). */
export const SESSION_COOKIE = 'tw_session';

/**
 * The cookie's name over https. The `__Host-` prefix makes the browser accept it only with Secure,
 * Path=/ and no Domain, so neither a sibling subdomain nor a plain-http page can plant or shadow it
 * (RFC 6265bis §4.1.3.2).
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Every name the cookie may have been set under, for clearing it. */
export const SESSION_COOKIE_NAMES = [SECURE_SESSION_COOKIE, SESSION_COOKIE] as const;

/** The cookie's name for a request: `__Host-tw_session` over https, `tw_session` otherwise. */
export function sessionCookieName(options: { isSecure: boolean }): string {
  return options.isSecure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * The Set-Cookie value for a token, kept by the browser for `maxAgeS` (the session's absolute lifetime
 * left). Secure only over https, or plain-http localhost would never send it back.
 */
export function sessionCookieHeader(token: string, options: { isSecure: boolean; maxAgeS: number }): string {
  // HttpOnly: page scripts never see it. SameSite=Lax: not sent on cross-site subrequests (RFC 6265bis §5.4.7).
  const parts = [`${sessionCookieName(options)}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(options.maxAgeS))}`];
  if (options.isSecure) parts.push('Secure');
  return parts.join('; ');
}

/** Set-Cookie values that delete the cookie under every name it may have been set under. */
export function clearedSessionCookieHeaders(): string[] {
  // A __Host- cookie is only accepted (and so only replaced) with Secure, Path=/ and no Domain.
  return SESSION_COOKIE_NAMES.map((name) => [`${name}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(name === SECURE_SESSION_COOKIE ? ['Secure'] : [])].join('; '));
}

/** One cookie's value from a Cookie header, or undefined; malformed pairs are skipped, never thrown on. */
export function cookieValue(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token a request carries: a Bearer header wins over the cookie, `__Host-` over the plain name; undefined when none is present. */
export function presentedToken(headers: { cookie?: string | null; authorization?: string | null }): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer?.[1] !== undefined) return { token: bearer[1], via: 'bearer' };
  for (const name of SESSION_COOKIE_NAMES) {
    const cookie = cookieValue(headers.cookie, name);
    if (cookie !== undefined && cookie !== '') return { token: cookie, via: 'cookie' };
  }
  return undefined;
}
