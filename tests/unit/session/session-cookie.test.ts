import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookieValue, presentedToken, SESSION_COOKIE, sessionCookieHeader } from '../../../lib/session/session-cookie.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/ and long-lived; Secure only over https', () => {
    const plain = sessionCookieHeader('tok', { isSecure: false });
    assert.equal(plain, 'tw_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000');
    assert.equal(sessionCookieHeader('tok', { isSecure: true }), `${plain}; Secure`);
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
});
