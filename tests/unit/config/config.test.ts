import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, redactUrl } from '../../../lib/config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded mode on port 3000', () => {
    const config = loadConfig('all', {});
    assert.equal(config.port, 3000);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, '.data');
  });

  it('gives each distributed role its own default port', () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
    assert.deepEqual(
      (['web', 'gateway', 'feed', 'engine'] as const).map((role) => loadConfig(role, env).port),
      [3000, 3001, 3002, 3003],
    );
  });

  it('rejects a non-numeric PORT with one line naming it', () => {
    assert.throws(() => loadConfig('all', { PORT: 'abc' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, 'Invalid configuration: PORT must be a port number (got "abc")');
      return true;
    });
  });

  it('rejects a REDIS_URL that is not a redis URL', () => {
    assert.throws(() => loadConfig('all', { REDIS_URL: 'nonsense' }), /^ConfigError: Invalid configuration: REDIS_URL must be a URL like redis:\/\/127.0.0.1:6379 \(got "nonsense"\)$/);
  });

  it('rejects a DATABASE_URL with the wrong scheme', () => {
    assert.throws(() => loadConfig('all', { DATABASE_URL: 'mysql://x' }), /DATABASE_URL must be a URL like postgresql:/);
  });

  it('requires REDIS_URL for a role that runs alone', () => {
    assert.throws(() => loadConfig('gateway', {}), /REDIS_URL is required to run the gateway role on its own/);
  });

  it('parses the allowed origins list', () => {
    assert.deepEqual(loadConfig('all', { ALLOWED_ORIGINS: 'http://a.test, https://b.test ,' }).allowedOrigins, ['http://a.test', 'https://b.test']);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    assert.equal(redactUrl('postgresql://u:secret@h:5432/db'), 'postgresql://u:***@h:5432/db');
  });
});
