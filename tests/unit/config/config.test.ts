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
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgresql://u@127.0.0.1:5432/tw' };
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

  it('requires DATABASE_URL beside REDIS_URL for every role that runs alone', () => {
    for (const role of ['web', 'gateway', 'feed', 'engine'] as const) {
      assert.throws(() => loadConfig(role, { REDIS_URL: 'redis://127.0.0.1:6379' }), {
        name: 'ConfigError',
        message: `Invalid configuration: DATABASE_URL is required to run the ${role} role on its own, beside REDIS_URL (got undefined)`,
      });
    }
  });

  it('never prints the password of a URL it refuses', () => {
    assert.throws(() => loadConfig('all', { DATABASE_URL: 'mysql://user:s3cret@db.example:3306/tw' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, 'Invalid configuration: DATABASE_URL must be a URL like postgresql://user@127.0.0.1:5432/tickwire (got "mysql://user:***@db.example:3306/tw")');
      return true;
    });
    assert.throws(() => loadConfig('all', { REDIS_URL: 'redis//:s3cret@host' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.doesNotMatch(error.message, /s3cret/);
      assert.match(error.message, /^Invalid configuration: REDIS_URL /);
      return true;
    });
  });

  it('takes the Binance addresses and symbols from the environment', () => {
    const config = loadConfig('all', { BINANCE_WS_URL: 'wss://testnet.binance.vision', BINANCE_REST_URL: 'https://testnet.binance.vision', BINANCE_SYMBOLS: 'BTCUSDT, ETHUSDT' });
    assert.deepEqual(config.feed.binance, { wsUrl: 'wss://testnet.binance.vision', restUrl: 'https://testnet.binance.vision', symbols: ['BTCUSDT', 'ETHUSDT'] });
    assert.deepEqual(loadConfig('all', {}).feed.binance, { wsUrl: 'wss://stream.binance.com:9443', restUrl: 'https://api.binance.com', symbols: undefined });
    assert.throws(() => loadConfig('all', { BINANCE_WS_URL: 'https://x' }), /BINANCE_WS_URL must be a URL like wss:/);
    assert.throws(() => loadConfig('all', { BINANCE_SYMBOLS: 'btc-usd' }), /BINANCE_SYMBOLS must be Binance symbols like BTCUSDT,ETHUSDT/);
  });

  it('reads TICKWIRE_SKIP_BUILD as a flag', () => {
    assert.equal(loadConfig('all', {}).skipBuild, false);
    assert.equal(loadConfig('all', { TICKWIRE_SKIP_BUILD: '1' }).skipBuild, true);
    assert.equal(loadConfig('all', { TICKWIRE_SKIP_BUILD: 'true' }).skipBuild, true);
    assert.equal(loadConfig('all', { TICKWIRE_SKIP_BUILD: '0' }).skipBuild, false);
    assert.throws(() => loadConfig('all', { TICKWIRE_SKIP_BUILD: 'yes' }), /TICKWIRE_SKIP_BUILD must be true or false \(or 1 or 0\) \(got "yes"\)/);
  });

  it('takes an empty value for unset', () => {
    assert.deepEqual(loadConfig('all', { REDIS_URL: '', NODE_ID: '', PORT: '' }), loadConfig('all', {}));
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
