// BROKER, NATS_URL and NATS_PREFIX: which broker a process runs on. Without BROKER the choice is the one
// from before NATS (Redis when REDIS_URL is set, memory otherwise); a role run alone needs a shared broker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, EMBEDDED_LEADER_LEASE_MS, loadConfig, SHARED_LEADER_LEASE_MS } from '../../../lib/config.ts';

const DATABASE_URL = 'postgresql://u@127.0.0.1:5432/tw';

describe('broker settings', () => {
  it('keeps the old choice without BROKER: Redis with REDIS_URL, memory without', () => {
    assert.equal(loadConfig('all', {}).broker, 'memory');
    assert.equal(loadConfig('all', { REDIS_URL: 'redis://127.0.0.1:6379' }).broker, 'redis');
    assert.equal(loadConfig('all', { REDIS_URL: 'redis://127.0.0.1:6379', NATS_URL: 'nats://127.0.0.1:4222' }).broker, 'redis');
  });

  it('leases leadership for 3 s on a shared broker and 30 s in-process, where no standby exists; LEADER_LEASE_MS sets either', () => {
    assert.equal(SHARED_LEADER_LEASE_MS, 3000);
    assert.equal(EMBEDDED_LEADER_LEASE_MS, 30_000);
    assert.equal(loadConfig('all', {}).leaderLeaseMs, EMBEDDED_LEADER_LEASE_MS);
    assert.equal(loadConfig('all', { REDIS_URL: 'redis://127.0.0.1:6379' }).leaderLeaseMs, SHARED_LEADER_LEASE_MS);
    assert.equal(loadConfig('feed', { BROKER: 'nats', NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL }).leaderLeaseMs, SHARED_LEADER_LEASE_MS);
    assert.equal(loadConfig('all', { LEADER_LEASE_MS: '1500' }).leaderLeaseMs, 1500);
    assert.throws(() => loadConfig('all', { LEADER_LEASE_MS: '100' }), /LEADER_LEASE_MS must be at least 300/);
  });

  it('runs NATS with BROKER=nats and NATS_URL, under NATS_PREFIX (default tw)', () => {
    const config = loadConfig('all', { BROKER: 'nats', NATS_URL: 'nats://127.0.0.1:4222' });
    assert.deepEqual([config.broker, config.natsUrl, config.natsPrefix], ['nats', 'nats://127.0.0.1:4222', 'tw']);
    assert.equal(loadConfig('all', { BROKER: 'nats', NATS_URL: 'nats://h:4222', NATS_PREFIX: 'prod-eu' }).natsPrefix, 'prod-eu');
  });

  it('lets every role run alone on NATS, beside DATABASE_URL', () => {
    for (const role of ['web', 'gateway', 'feed', 'engine'] as const) {
      assert.equal(loadConfig(role, { BROKER: 'nats', NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL }).broker, 'nats');
    }
    assert.throws(() => loadConfig('engine', { BROKER: 'nats', NATS_URL: 'nats://127.0.0.1:4222' }), /DATABASE_URL is required to run the engine role on its own, beside NATS_URL/);
  });

  it('refuses a broker without its URL, a role alone on memory, and bad values, naming the setting', () => {
    const refusals: Array<[Record<string, string>, RegExp]> = [
      [{ BROKER: 'nats' }, /^Invalid configuration: NATS_URL is required when BROKER is nats \(got undefined\)$/],
      [{ BROKER: 'redis' }, /^Invalid configuration: REDIS_URL is required when BROKER is redis \(got undefined\)$/],
      [{ BROKER: 'kafka' }, /^Invalid configuration: BROKER must be memory, redis or nats \(got "kafka"\)$/],
      [{ BROKER: 'nats', NATS_URL: 'redis://127.0.0.1:4222' }, /^Invalid configuration: NATS_URL must be a URL like nats:\/\/127.0.0.1:4222/],
      [{ NATS_PREFIX: 'tw:' }, /^Invalid configuration: NATS_PREFIX must be 1-32 letters, digits or dashes \(got "tw:"\)$/],
    ];
    for (const [env, message] of refusals) assert.throws(() => loadConfig('all', env), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    assert.throws(() => loadConfig('gateway', { BROKER: 'memory', REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL }), /BROKER must be redis or nats to run the gateway role on its own \(got "memory"\)/);
  });
});
