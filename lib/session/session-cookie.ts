// The session cookie and the two ways a client presents its token: the cookie (browsers) or
// `Authorization: Bearer` (other clients). Pure header parsing, shared by route handlers and the gateway.

/** The cookie's name. */
export const SESSION_COOKIE = 'tw_session';

/** How long the browser keeps the cookie: a year; the demo account lives as long as its row does. */
export const SESSION_MAX_AGE_S = 365 * 24 * 60 * 60;

/** The Set-Cookie value for a token; Secure only over https, or plain-http localhost would never send it back. */
export function sessionCookieHeader(token: string, options: { isSecure: boolean }): string {
  // HttpOnly: page scripts never see it. SameSite=Lax: not sent on cross-site subrequests (RFC 6265bis §5.4.7).
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_MAX_AGE_S}`];
  if (options.isSecure) parts.push('Secure');
  return parts.join('; ');
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

/** The token a request carries: a Bearer header wins over the cookie; undefined when neither is present. */
export function presentedToken(headers: { cookie?: string | null; authorization?: string | null }): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer?.[1] !== undefined) return { token: bearer[1], via: 'bearer' };
  const cookie = cookieValue(headers.cookie, SESSION_COOKIE);
  return cookie === undefined || cookie === '' ? undefined : { token: cookie, via: 'cookie' };
}
