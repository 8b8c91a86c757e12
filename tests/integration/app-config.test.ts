// A bad environment value stops the process at start with one clear line.
import assert from 'node:assert/strict';
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

  it('refuses an unknown role', async () => {
    const { code, stderr } = await runExpectingFailure('mainframe', {});
    assert.equal(code, 1);
    assert.match(stderr, /^Usage: tickwire <all\|web\|gateway\|feed\|engine> \[--dev\] \(got "mainframe"\)\n$/);
  });
});
