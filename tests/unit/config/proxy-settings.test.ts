import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../lib/config.ts';

describe('proxy, limit and ops settings', () => {
  it('trusts no proxy by default, one hop once one is named', () => {
    assert.deepEqual(loadConfig('all', {}).proxyTrust, { proxies: [], hops: 1 });
    assert.deepEqual(loadConfig('all', { TRUSTED_PROXIES: '10.0.0.5, fd00::/8,192.0.2.0/24' }).proxyTrust, { proxies: ['10.0.0.5', 'fd00::/8', '192.0.2.0/24'], hops: 1 });
    assert.equal(loadConfig('all', { TRUSTED_PROXIES: '10.0.0.5', TRUSTED_PROXY_HOPS: '2' }).proxyTrust.hops, 2);
  });

  it('refuses entries that are not addresses or ranges, naming the setting', () => {
    assert.throws(() => loadConfig('all', { TRUSTED_PROXIES: 'nginx.internal' }), (error: unknown) => error instanceof ConfigError && /TRUSTED_PROXIES must be IP addresses or CIDR ranges/.test(error.message));
    assert.throws(() => loadConfig('all', { TRUSTED_PROXIES: '10.0.0.0/40' }), /TRUSTED_PROXIES/);
    assert.throws(() => loadConfig('all', { TRUSTED_PROXY_HOPS: '0' }), /TRUSTED_PROXY_HOPS must be 1 to 10/);
    assert.throws(() => loadConfig('all', { OPS_ALLOW: '10.0.0.0/8,everyone' }), /OPS_ALLOW/);
  });

  it('stops on the old TRUST_PROXY and says what replaced it', () => {
    for (const value of ['true', 'false']) {
      assert.throws(
        () => loadConfig('all', { TRUST_PROXY: value }),
        (error: unknown) => error instanceof ConfigError && /TRUST_PROXY is no longer read; TRUSTED_PROXIES .* and TRUSTED_PROXY_HOPS/.test(error.message),
      );
    }
    assert.doesNotThrow(() => loadConfig('all', { TRUST_PROXY: '' }), 'an empty line copied from an old .env is unset');
  });

  it('defaults the node limits and keeps the ops endpoints for loopback on the main port', () => {
    const config = loadConfig('all', {});
    assert.deepEqual(config.limits, { maxSockets: 10_000, maxStreams: 10_000, handshakeRatePerSecond: 20, handshakeBurst: 100 });
    assert.deepEqual(config.ops, { port: undefined, host: '127.0.0.1', allow: ['127.0.0.0/8', '::1'] });
    const set = loadConfig('all', { MAX_SOCKETS: '5', MAX_STREAMS: '6', HANDSHAKE_RATE: '0.5', HANDSHAKE_BURST: '3', OPS_PORT: '9100', OPS_HOST: '0.0.0.0', OPS_ALLOW: '10.0.0.0/8' });
    assert.deepEqual(set.limits, { maxSockets: 5, maxStreams: 6, handshakeRatePerSecond: 0.5, handshakeBurst: 3 });
    assert.deepEqual(set.ops, { port: 9100, host: '0.0.0.0', allow: ['10.0.0.0/8'] });
    assert.throws(() => loadConfig('all', { MAX_SOCKETS: '0' }), /MAX_SOCKETS must be a whole number of sockets/);
    assert.throws(() => loadConfig('all', { HANDSHAKE_RATE: '0' }), /HANDSHAKE_RATE must be greater than 0/);
    assert.throws(() => loadConfig('all', { OPS_PORT: '3000' }), /OPS_PORT must differ from the main port 3000/);
    assert.throws(() => loadConfig('gateway', { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgresql://u@127.0.0.1/db', PORT: '9100', OPS_PORT: '9100' }), /OPS_PORT must differ/);
    assert.equal(loadConfig('all', { PORT: '0', OPS_PORT: '0' }).ops.port, 0, 'two free ports are two ports');
  });
});
