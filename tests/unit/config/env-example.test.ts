// .env.example is the list of settings a person reads: it must name every setting the code reads,
// with the default the code uses, and the README may name only settings that exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SETTING_NAMES, loadConfig } from '../../../lib/config.ts';

const example = readFileSync('.env.example', 'utf8');
/** `# NAME=value` lines: the documented default of each setting. */
const documented = new Map([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));

describe('.env.example', () => {
  it('lists every setting the configuration reads, and nothing else', () => {
    assert.deepEqual([...documented.keys()].sort(), [...SETTING_NAMES].sort());
  });

  it('shows the defaults the configuration really uses', () => {
    const env = Object.fromEntries([...documented].filter(([, value]) => value !== ''));
    // Setting every documented default explicitly must change nothing (PORT's default depends on the role).
    const { PORT: _, ENV_FILE: __, ...defaults } = env;
    assert.deepEqual(loadConfig('all', defaults), loadConfig('all', {}));
    assert.equal(env.PORT, String(loadConfig('all', {}).port));
  });

  it('gives each setting a line of meaning', () => {
    for (const name of documented.keys()) {
      assert.match(example, new RegExp(`^# [^\\n]+\\n(# [^\\n]*\\n)*# ${name}=`, 'm'), `${name} has no comment above it`);
    }
  });
});

describe('the README', () => {
  it('names only settings that exist', () => {
    const readme = readFileSync('README.md', 'utf8');
    const named = new Set([...readme.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)(=[^`]*)?`/g)].map((m) => m[1] ?? ''));
    const others = ['CHROMIUM_PATH', 'NGINX_BIN', 'TEST_REDIS_URL', 'TEST_POSTGRES_ADMIN_URL'];
    const unknown = [...named].filter((name) => !SETTING_NAMES.includes(name) && !others.includes(name) && !name.startsWith('BENCH_'));
    assert.deepEqual(unknown, []);
  });
});
