import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clearedSessionCookieHeaders, cookieValue, presentedToken, SESSION_COOKIE, sessionCookieHeader, sessionCookieName } from '../../../lib/session/session-cookie.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and lives for the Max-Age given (the session lifetime left)', () => {
    assert.equal(sessionCookieHeader('tok', { isSecure: false, maxAgeS: 2_592_000 }), 'tw_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000');
    assert.equal(sessionCookieHeader('tok', { isSecure: false, maxAgeS: -5.5 }), 'tw_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    assert.equal(sessionCookieHeader('tok', { isSecure: false, maxAgeS: 59.9 }), 'tw_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=59');
  });

  it('is named __Host-tw_session over https, with Secure, Path=/ and no Domain; tw_session over http', () => {
    assert.equal(sessionCookieName({ isSecure: true }), '__Host-tw_session');
    assert.equal(sessionCookieName({ isSecure: false }), 'tw_session');
    const secure = sessionCookieHeader('tok', { isSecure: true, maxAgeS: 60 });
    assert.equal(secure, '__Host-tw_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
    assert.doesNotMatch(secure, /Domain=/i);
  });

  it('is cleared under both names, the __Host- one with the attributes its prefix requires', () => {
    assert.deepEqual(clearedSessionCookieHeaders(), [
      '__Host-tw_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
      'tw_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
  });

  it('reads one cookie out of a Cookie header and skips malformed pairs', () => {
    assert.equal(cookieValue('a=1; tw_session=abc; b=2', SESSION_COOKIE), 'abc');
    assert.equal(cookieValue('tw_session_x=1;junk;  tw_session = v ', SESSION_COOKIE), 'v');
    assert.equal(cookieValue('a=1; b', SESSION_COOKIE), undefined);
    assert.equal(cookieValue(undefined, SESSION_COOKIE), undefined);
    assert.equal(cookieValue(null, SESSION_COOKIE), undefined);
  });

  it('takes a Bearer token over the cookie, and neither when both are missing or empty', () => {
    assert.deepEqual(presentedToken({ authorization: 'Bearer abc', cookie: 'tw_session=def' }), { token: 'abc', via: 'bearer' });
    assert.deepEqual(presentedToken({ authorization: 'bearer  abc ' }), { token: 'abc', via: 'bearer' });
    assert.deepEqual(presentedToken({ cookie: 'tw_session=def' }), { token: 'def', via: 'cookie' });
    assert.deepEqual(presentedToken({ authorization: 'Basic dXNlcjpwdw==', cookie: 'tw_session=def' }), { token: 'def', via: 'cookie' });
    assert.equal(presentedToken({ authorization: 'Bearer', cookie: 'tw_session=' }), undefined);
    assert.equal(presentedToken({}), undefined);
  });

  it('reads either cookie name, preferring __Host-tw_session', () => {
    assert.deepEqual(presentedToken({ cookie: '__Host-tw_session=sec' }), { token: 'sec', via: 'cookie' });
    assert.deepEqual(presentedToken({ cookie: 'tw_session=plain; __Host-tw_session=sec' }), { token: 'sec', via: 'cookie' });
    assert.deepEqual(presentedToken({ cookie: '__Host-tw_session=; tw_session=plain' }), { token: 'plain', via: 'cookie' });
  });
});
