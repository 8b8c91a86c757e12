import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { mainPortOpsAccess, opsPathOf } from '../../../server/http/ops-access.ts';
import { requestAddressReader } from '../../../server/http/request-address.ts';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('opsPathOf', () => {
  it('finds the operations paths in any spelling a router might still serve', () => {
    for (const url of ['/metrics', '/metrics?x=1', '/metrics/', '//metrics', '/%6Detrics', '/api//system', '/api/system/', '/api/%73ystem?a', '/readyz']) {
      assert.ok(opsPathOf(url) !== undefined, url);
    }
    for (const url of ['/healthz', '/metricsx', '/api/systems', '/api/stream/index', '/', '/%E0%A4%A', undefined]) {
      assert.equal(opsPathOf(url), undefined, String(url));
    }
  });
});

describe('mainPortOpsAccess', () => {
  const loopbackOnly = { ops: { port: undefined, host: '127.0.0.1', allow: ['127.0.0.0/8', '::1'] } };

  it('lets OPS_ALLOW addresses read them, after proxy resolution', () => {
    const direct = mainPortOpsAccess(loopbackOnly, requestAddressReader({ proxies: [], hops: 1 }));
    assert.ok(direct(request('127.0.0.1', '203.0.113.9')), 'a forged header on a direct connection changes nothing');
    assert.ok(direct(request('::1')));
    assert.ok(direct(request('::ffff:127.0.0.1')));
    assert.ok(!direct(request('203.0.113.9')));
    const proxied = mainPortOpsAccess(loopbackOnly, requestAddressReader({ proxies: ['127.0.0.1'], hops: 1 }));
    assert.ok(!proxied(request('127.0.0.1', '203.0.113.9')), 'a public client through the proxy');
    assert.ok(proxied(request('127.0.0.1', '127.0.0.1')));
  });

  it('serves them on no address of the main port once OPS_PORT is set', () => {
    const withPort = mainPortOpsAccess({ ops: { ...loopbackOnly.ops, port: 9100 } }, requestAddressReader({ proxies: [], hops: 1 }));
    assert.ok(!withPort(request('127.0.0.1')));
  });
});
