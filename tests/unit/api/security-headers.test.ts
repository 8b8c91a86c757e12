import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refuseMalformedPath } from '../../../server/web/security/malformed-path.ts';
import { commonSecurityHeaders, isHttpsRequest, isPagePath, pageContentSecurityPolicy, pageSecurityHeaders } from '../../../server/web/security/response-headers.ts';

const base = { nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=', isDev: false, publicGatewayUrl: undefined, ownSocketOrigin: 'ws://app.example.test', isSecure: false };

function directives(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]));
}

describe('page Content-Security-Policy', () => {
  it('allows only nonced scripts (and what they load), no plugins, no foreign base or framing', () => {
    const policy = directives(pageContentSecurityPolicy(base));
    assert.equal(policy['script-src'], `'self' 'nonce-${base.nonce}' 'strict-dynamic'`);
    assert.equal(policy['worker-src'], "'self'", "the shared connection's SharedWorker, from the app's own origin");
    assert.equal(policy['style-src'], "'self' 'unsafe-inline'", 'styles may be inline (React hoists nonce-less <style> elements); scripts are what the nonce guards');
    assert.equal(policy['object-src'], "'none'");
    assert.equal(policy['base-uri'], "'self'");
    assert.equal(policy['frame-ancestors'], "'none'");
    assert.equal(policy['connect-src'], "'self' ws://app.example.test");
    assert.equal(policy['upgrade-insecure-requests'], undefined);
  });

  it("adds 'unsafe-eval' in dev mode only", () => {
    const dev = directives(pageContentSecurityPolicy({ ...base, isDev: true }));
    assert.equal(dev['script-src'], `'self' 'nonce-${base.nonce}' 'strict-dynamic' 'unsafe-eval'`);
  });

  it('connects to the gateway at PUBLIC_GATEWAY_URL (its socket, and its http(s) origin for Socket.IO), and over wss behind https', () => {
    assert.equal(directives(pageContentSecurityPolicy({ ...base, publicGatewayUrl: 'wss://gw.example.test:8443/ws' }))['connect-src'], "'self' ws://app.example.test wss://gw.example.test:8443 https://gw.example.test:8443");
    const secure = directives(pageContentSecurityPolicy({ ...base, ownSocketOrigin: 'wss://app.example.test', isSecure: true }));
    assert.equal(secure['connect-src'], "'self' wss://app.example.test");
    assert.equal(secure['upgrade-insecure-requests'], '');
  });
});

describe('security headers', () => {
  it('sends nosniff and the referrer rule always, HSTS only over https', () => {
    assert.deepEqual(commonSecurityHeaders(false), { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    assert.equal(commonSecurityHeaders(true)['Strict-Transport-Security'], 'max-age=31536000');
    assert.equal(pageSecurityHeaders('x', false)['X-Frame-Options'], 'DENY');
  });

  it('knows https from the URL or the first X-Forwarded-Proto', () => {
    assert.equal(isHttpsRequest(new Request('https://app.example.test/')), true);
    assert.equal(isHttpsRequest(new Request('http://app.example.test/', { headers: { 'X-Forwarded-Proto': 'HTTPS, http' } })), true);
    assert.equal(isHttpsRequest(new Request('http://app.example.test/', { headers: { 'X-Forwarded-Proto': 'http, https' } })), false);
  });

  it('puts pages, not the API or the ticker (its own frameable policy), under the page policy', () => {
    for (const path of ['/', '/lab', '/embed', '/trade/BTC-USD', '/embed/tickers', '/apix']) assert.equal(isPagePath(path), true, path);
    for (const path of ['/api', '/api/session', '/embed/ticker', '/embed/ticker/']) assert.equal(isPagePath(path), false, path);
  });

  it('refuses a path that does not percent-decode with 400', async () => {
    assert.equal(refuseMalformedPath('/trade/BTC-USD'), undefined);
    assert.equal(refuseMalformedPath('/trade/%E2%82%AC'), undefined);
    for (const path of ['/trade/%ZZ', '/trade/%E0%A4%A', '/%']) {
      const refused = refuseMalformedPath(path);
      assert.equal(refused?.status, 400, path);
      assert.deepEqual(await refused?.json(), { error: 'bad_request', message: 'path: malformed percent-encoding' });
    }
  });
});
