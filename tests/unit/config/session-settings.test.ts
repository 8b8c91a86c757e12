import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../lib/config.ts';

describe('session settings', () => {
  it('default to a week idle and 30 days in all', () => {
    assert.deepEqual(loadConfig('all', {}).session, { idleTimeoutMs: 604_800_000, maxAgeMs: 2_592_000_000 });
  });

  it('take whole milliseconds from a second up to 400 days', () => {
    assert.deepEqual(loadConfig('all', { SESSION_IDLE_TIMEOUT_MS: '1000', SESSION_MAX_AGE_MS: '2000' }).session, { idleTimeoutMs: 1000, maxAgeMs: 2000 });
    assert.throws(() => loadConfig('all', { SESSION_IDLE_TIMEOUT_MS: '999' }), /SESSION_IDLE_TIMEOUT_MS must be at least 1000 \(got "999"\)/);
    assert.throws(() => loadConfig('all', { SESSION_MAX_AGE_MS: '34560000001' }), /SESSION_MAX_AGE_MS must be at most 34560000000 \(400 days\)/);
    assert.throws(() => loadConfig('all', { SESSION_MAX_AGE_MS: '1500.5' }), /SESSION_MAX_AGE_MS must be a whole number of milliseconds/);
    assert.throws(() => loadConfig('all', { SESSION_MAX_AGE_MS: 'month' }), /SESSION_MAX_AGE_MS must be a whole number of milliseconds/);
  });

  it('refuse an idle timeout longer than the absolute lifetime', () => {
    assert.throws(() => loadConfig('all', { SESSION_IDLE_TIMEOUT_MS: '5000', SESSION_MAX_AGE_MS: '4000' }), /SESSION_IDLE_TIMEOUT_MS must be at most SESSION_MAX_AGE_MS \(4000\) \(got 5000\)/);
    // The default idle timeout (7 days) is too long for a one-day lifetime: it must be lowered with it.
    assert.throws(() => loadConfig('all', { SESSION_MAX_AGE_MS: '86400000' }), /SESSION_IDLE_TIMEOUT_MS must be at most SESSION_MAX_AGE_MS/);
  });
});
