// A test file whose start fails must fail fast and leave nothing behind: the fixtures are run the way
// `npm test` runs every file, and every process they started is looked for afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';

const FIXTURES = 'tests/fixtures/failing-starts';

/** Runs one test file as `npm test` does; resolves with its exit code, output and duration. */
async function runTestFile(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string; elapsedMs: number }> {
  const started = Date.now();
  // Without this the runner would take itself for one of our own runner's file processes.
  const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
  const child = spawnTracked(process.execPath, ['--import', 'tsx', '--import', './tests/helpers/test-file-guard.ts', '--test', '--test-timeout=60000', '--test-reporter=tap', file], {
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output, elapsedMs: Date.now() - started };
}

/** The processes whose environment holds this marker: everything a run started inherits it. */
function processesMarked(marker: string): number[] {
  const needle = `TICKWIRE_TEST_MARKER=${marker}`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle);
      } catch {
        return false; // gone, or not ours to read
      }
    })
    .map(Number);
}

describe('a test file whose start fails', () => {
  it('fails within 60 s when nginx is broken, with none of its cluster left running', async () => {
    const marker = randomBytes(6).toString('hex');
    const run = await runTestFile(`${FIXTURES}/broken-nginx.fixture.ts`, { NGINX_BIN: '/bin/false', TICKWIRE_TEST_MARKER: marker });
    assert.notEqual(run.code, 0, run.output);
    assert.ok(run.elapsedMs < 60_000, `took ${run.elapsedMs} ms`);
    assert.match(run.output, /nginx exited/);
    assert.match(run.output, /^# fail 0$|^# cancelled 1$/m);
    assert.deepEqual(processesMarked(marker), []);
  });

  it('ends a file that left a child running once its tests are done', async () => {
    const marker = randomBytes(6).toString('hex');
    const run = await runTestFile(`${FIXTURES}/leftover-child.fixture.ts`, { TICKWIRE_TEST_MARKER: marker });
    assert.notEqual(run.code, 0, run.output);
    assert.ok(run.elapsedMs < 30_000, `took ${run.elapsedMs} ms`);
    assert.match(run.output, /killed 1 process\(es\) it left running/);
    assert.deepEqual(processesMarked(marker), []);
  });
});
