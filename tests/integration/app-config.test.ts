// A bad environment value stops the process at start with one clear line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runExpectingFailure } from '../helpers/tickwire-process.ts';

describe('configuration at start', () => {
  it('refuses PORT=abc with one line', async () => {
    const { code, stderr } = await runExpectingFailure('all', { PORT: 'abc' });
    assert.equal(code, 1);
    assert.equal(stderr, 'Invalid configuration: PORT must be a port number (got "abc")\n');
  });

  it('refuses REDIS_URL=nonsense with one line', async () => {
    const { code, stderr } = await runExpectingFailure('gateway', { REDIS_URL: 'nonsense' });
    assert.equal(code, 1);
    assert.equal(stderr, 'Invalid configuration: REDIS_URL must be a URL like redis://127.0.0.1:6379 (got "nonsense")\n');
  });

  it('refuses to run a distributed role without a shared database, with one line', async () => {
    for (const role of ['web', 'gateway', 'engine']) {
      const { code, stderr } = await runExpectingFailure(role, { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: '' });
      assert.equal(code, 1);
      assert.equal(stderr, `Invalid configuration: DATABASE_URL is required to run the ${role} role on its own, beside REDIS_URL (got undefined)\n`);
    }
  });

  it('reads its settings from the file ENV_FILE names, before anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickwire-env-'));
    writeFileSync(join(dir, 'bad.env'), '# a settings file with one bad value\nFEED_RATE=fast\n');
    const { code, stderr } = await runExpectingFailure('all', { ENV_FILE: join(dir, 'bad.env') });
    assert.equal(code, 1);
    assert.equal(stderr, 'Invalid configuration: FEED_RATE must be a whole number of updates per second (got "fast")\n');
  });

  it('refuses an unknown role', async () => {
    const { code, stderr } = await runExpectingFailure('mainframe', {});
    assert.equal(code, 1);
    assert.match(stderr, /^Usage: tickwire <all\|web\|gateway\|feed\|engine> \[--dev\] \(got "mainframe"\)\n$/);
  });
});
