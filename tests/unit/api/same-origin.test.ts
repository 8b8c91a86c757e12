import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refuseCrossSite } from '../../../server/web/api/same-origin.ts';

const JSON_TYPE = { 'Content-Type': 'application/json' };

function post(headers: Record<string, string>, url = 'http://app.example.test/api/session', method = 'POST'): Request {
  return new Request(url, { method, headers: { Host: new URL(url).host, ...headers }, body: method === 'DELETE' ? undefined : '{}' });
}

async function answer(request: Request, allowedOrigins: string[] = []): Promise<[number, unknown] | undefined> {
  const response = refuseCrossSite(request, { allowedOrigins });
  return response === undefined ? undefined : [response.status, await response.json()];
}

const CROSS_SITE = { error: 'cross_site', message: 'origin: a state-changing request must come from this site (a same-origin Origin or Sec-Fetch-Site: same-origin)' };
const MEDIA_TYPE = { error: 'unsupported_media_type', message: 'content-type: must be application/json' };

describe('same-origin guard of state-changing routes', () => {
  it('lets a JSON request from the same origin through', async () => {
    assert.equal(await answer(post({ Origin: 'http://app.example.test', ...JSON_TYPE })), undefined);
    assert.equal(await answer(post({ Origin: 'HTTP://APP.EXAMPLE.TEST:80', 'Content-Type': 'application/json; charset=utf-8' })), undefined);
    assert.equal(await answer(post({ Origin: 'https://app.example.test', 'X-Forwarded-Proto': 'https', ...JSON_TYPE })), undefined);
    assert.equal(await answer(post({ 'Sec-Fetch-Site': 'same-origin', ...JSON_TYPE })), undefined);
  });

  it('refuses a foreign, sibling-subdomain or other-scheme Origin with 403 cross_site', async () => {
    for (const origin of ['http://evil.test', 'http://evil.example.test', 'https://app.example.test', 'http://app.example.test:8080', 'null', 'not a url']) {
      assert.deepEqual(await answer(post({ Origin: origin, ...JSON_TYPE })), [403, CROSS_SITE], origin);
    }
    // Behind a TLS proxy the page's origin is https: a plain-http Origin is another origin.
    assert.deepEqual(await answer(post({ Origin: 'http://app.example.test', 'X-Forwarded-Proto': 'https', ...JSON_TYPE })), [403, CROSS_SITE]);
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site: same-origin', async () => {
    assert.deepEqual(await answer(post(JSON_TYPE)), [403, CROSS_SITE]);
    for (const site of ['same-site', 'cross-site', 'none']) {
      assert.deepEqual(await answer(post({ 'Sec-Fetch-Site': site, ...JSON_TYPE })), [403, CROSS_SITE], site);
    }
    assert.deepEqual(await answer(post({ Origin: 'null', 'Sec-Fetch-Site': 'same-site', ...JSON_TYPE })), [403, CROSS_SITE]);
  });

  it('accepts an origin listed in ALLOWED_ORIGINS, compared by scheme, host and port', async () => {
    assert.equal(await answer(post({ Origin: 'https://trade.example.test', ...JSON_TYPE }), ['https://trade.example.test/']), undefined);
    assert.deepEqual(await answer(post({ Origin: 'http://trade.example.test', ...JSON_TYPE }), ['https://trade.example.test']), [403, CROSS_SITE]);
  });

  it('refuses the content types a cross-site form can send without a preflight with 415', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/jsonx', '']) {
      const headers: Record<string, string> = { Origin: 'http://app.example.test' };
      if (type !== '') headers['Content-Type'] = type;
      const refused = await answer(post(headers));
      assert.deepEqual(refused, [415, MEDIA_TYPE], type);
    }
  });

  it('judges a Bearer request by its token alone, but still wants JSON', async () => {
    assert.equal(await answer(post({ Authorization: 'Bearer abc', ...JSON_TYPE })), undefined);
    assert.equal(await answer(post({ Authorization: 'bearer abc', Origin: 'http://evil.test', ...JSON_TYPE })), undefined);
    assert.deepEqual(await answer(post({ Authorization: 'Bearer abc', 'Content-Type': 'text/plain' })), [415, MEDIA_TYPE]);
    // An empty or malformed Bearer is no token: the origin rule applies.
    assert.deepEqual(await answer(post({ Authorization: 'Bearer ', ...JSON_TYPE })), [403, CROSS_SITE]);
    assert.deepEqual(await answer(post({ Authorization: 'Basic abc', ...JSON_TYPE })), [403, CROSS_SITE]);
  });

  it('wants no content type on a DELETE, which carries no body', async () => {
    assert.equal(await answer(post({ Origin: 'http://app.example.test' }, 'http://app.example.test/api/session', 'DELETE')), undefined);
    assert.deepEqual(await answer(post({ Origin: 'http://evil.test' }, 'http://app.example.test/api/session', 'DELETE')), [403, CROSS_SITE]);
  });
});
