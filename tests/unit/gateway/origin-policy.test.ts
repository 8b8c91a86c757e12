import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { isOriginAllowed, siteOf, type OriginPolicy } from '../../../server/gateway/connection/origin-policy.ts';

const SAME_ORIGIN_ONLY: OriginPolicy = { allowedOrigins: [], allowMissingOrigin: true };
const plain = { host: 'app.example.test', isSecure: false };
const tls = { host: 'app.example.test', isSecure: true };

function handshake(headers: Record<string, string>, socket: Socket = new Socket()): IncomingMessage {
  const req = new IncomingMessage(socket);
  req.headers = headers;
  return req;
}

describe('WebSocket origin policy', () => {
  it('with no ALLOWED_ORIGINS, allows only the origin of the request itself: scheme, host and port', () => {
    assert.equal(isOriginAllowed('http://app.example.test', plain, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed('HTTP://App.Example.Test:80', plain, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed('https://app.example.test', tls, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed('https://app.example.test:443', tls, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed('http://app.example.test:3000', { host: 'app.example.test:3000', isSecure: false }, SAME_ORIGIN_ONLY), true);
  });

  it('refuses the same host name under the other scheme', () => {
    assert.equal(isOriginAllowed('https://app.example.test', plain, SAME_ORIGIN_ONLY), false);
    assert.equal(isOriginAllowed('http://app.example.test', tls, SAME_ORIGIN_ONLY), false);
    assert.equal(isOriginAllowed('http://app.example.test:3000', { host: 'app.example.test:3000', isSecure: true }, SAME_ORIGIN_ONLY), false);
  });

  it('refuses another host, port, a sibling subdomain, an opaque or unparsable Origin, or a handshake without Host', () => {
    for (const origin of ['http://evil.test', 'http://app.example.test:8080', 'http://evil.example.test', 'null', 'not a url', 'file:///etc/passwd']) {
      assert.equal(isOriginAllowed(origin, plain, SAME_ORIGIN_ONLY), false, origin);
    }
    assert.equal(isOriginAllowed('http://app.example.test', { host: undefined, isSecure: false }, SAME_ORIGIN_ONLY), false);
  });

  it('leaves a missing Origin (a non-browser client) to allowMissingOrigin', () => {
    assert.equal(isOriginAllowed(undefined, plain, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed('', plain, SAME_ORIGIN_ONLY), true);
    assert.equal(isOriginAllowed(undefined, plain, { allowedOrigins: [], allowMissingOrigin: false }), false);
  });

  it('with ALLOWED_ORIGINS, allows exactly those origins (scheme included), or any with *', () => {
    const listed: OriginPolicy = { allowedOrigins: ['https://trade.example.test'], allowMissingOrigin: true };
    assert.equal(isOriginAllowed('https://trade.example.test', plain, listed), true);
    assert.equal(isOriginAllowed('http://trade.example.test', plain, listed), false);
    assert.equal(isOriginAllowed('http://app.example.test', plain, listed), false, 'the list replaces same-origin');
    assert.equal(isOriginAllowed('http://anything.test', plain, { allowedOrigins: ['*'], allowMissingOrigin: true }), true);
  });

  it('reads the scheme from the socket or from X-Forwarded-Proto', () => {
    assert.deepEqual(siteOf(handshake({ host: 'app.example.test' })), plain);
    assert.deepEqual(siteOf(handshake({ host: 'app.example.test', 'x-forwarded-proto': 'https' })), tls);
    assert.deepEqual(siteOf(handshake({ host: 'app.example.test', 'x-forwarded-proto': 'HTTPS, http' })), tls);
    assert.deepEqual(siteOf(handshake({ host: 'app.example.test', 'x-forwarded-proto': 'http' })), plain);
    assert.deepEqual(siteOf(handshake({ host: 'app.example.test' }, new TLSSocket(new Socket()))), tls);
  });
});
