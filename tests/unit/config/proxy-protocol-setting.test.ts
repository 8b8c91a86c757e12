// PROXY_PROTOCOL: off by default, on with true or 1, and refused at start without TRUSTED_PROXIES
// (only a trusted proxy may send the header, so every connection would be closed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../lib/config.ts';

describe('PROXY_PROTOCOL', () => {
  it('is off by default and on with true or 1', () => {
    assert.equal(loadConfig('all', {}).proxyProtocol, false);
    assert.equal(loadConfig('all', { PROXY_PROTOCOL: 'true', TRUSTED_PROXIES: '10.0.0.5' }).proxyProtocol, true);
    assert.equal(loadConfig('all', { PROXY_PROTOCOL: '1', TRUSTED_PROXIES: '10.0.0.5' }).proxyProtocol, true);
  });

  it('needs TRUSTED_PROXIES', () => {
    assert.throws(() => loadConfig('all', { PROXY_PROTOCOL: 'true' }), (error: unknown) => error instanceof ConfigError && /PROXY_PROTOCOL needs TRUSTED_PROXIES/.test(error.message));
  });

  it('refuses anything but a flag', () => {
    assert.throws(() => loadConfig('all', { PROXY_PROTOCOL: 'v2', TRUSTED_PROXIES: '10.0.0.5' }), /PROXY_PROTOCOL must be true or false/);
  });
});
