import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSecureRequest } from '../../../lib/session/request-session.ts';

describe('secure request', () => {
  const at = (url: string, headers: Record<string, string> = {}): Request => new Request(url, { headers });

  it('is https when the request came over https', () => {
    assert.equal(isSecureRequest(at('https://tickwire.example/api/session')), true);
    assert.equal(isSecureRequest(at('http://127.0.0.1:3000/api/session')), false);
  });

  it("follows the first X-Forwarded-Proto a proxy sends (nginx's $scheme)", () => {
    assert.equal(isSecureRequest(at('http://127.0.0.1:3000/api/session', { 'X-Forwarded-Proto': 'https' })), true);
    assert.equal(isSecureRequest(at('http://127.0.0.1:3000/api/session', { 'X-Forwarded-Proto': ' https , http' })), true);
    assert.equal(isSecureRequest(at('http://127.0.0.1:3000/api/session', { 'X-Forwarded-Proto': 'http' })), false);
    assert.equal(isSecureRequest(at('http://127.0.0.1:3000/api/session', { 'X-Forwarded-Proto': 'http, https' })), false);
  });
});
