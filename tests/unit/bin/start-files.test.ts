// What a start reads before it runs: the settings file, and whether it may build.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BuildMissingError, ensureNextBuild, ensurePrismaClient } from '../../../bin/ensure-build.ts';
import { loadEnvFile } from '../../../bin/env-file.ts';
import { ConfigError } from '../../../lib/config.ts';

const tempRoot = (): string => mkdtempSync(join(tmpdir(), 'tickwire-start-'));

describe('loadEnvFile', () => {
  it('reads .env from the project folder, leaving what the environment already set', () => {
    const root = tempRoot();
    writeFileSync(join(root, '.env'), 'TW_TEST_FROM_FILE=file\nTW_TEST_BOTH=file\n');
    process.env.TW_TEST_BOTH = 'environment';
    try {
      assert.equal(loadEnvFile(root, {}), join(root, '.env'));
      assert.equal(process.env.TW_TEST_FROM_FILE, 'file');
      assert.equal(process.env.TW_TEST_BOTH, 'environment');
    } finally {
      delete process.env.TW_TEST_FROM_FILE;
      delete process.env.TW_TEST_BOTH;
    }
  });

  it('reads nothing without a .env, or with ENV_FILE=none', () => {
    const root = tempRoot();
    assert.equal(loadEnvFile(root, {}), undefined);
    writeFileSync(join(root, '.env'), 'TW_TEST_NONE=file\n');
    assert.equal(loadEnvFile(root, { ENV_FILE: 'none' }), undefined);
    assert.equal(process.env.TW_TEST_NONE, undefined);
  });

  it('refuses an ENV_FILE that does not exist, with one line', () => {
    assert.throws(() => loadEnvFile(tempRoot(), { ENV_FILE: 'prod.env' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^Invalid configuration: ENV_FILE names .*prod\.env, which does not exist$/);
      return true;
    });
  });
});

describe('a start that may not build', () => {
  const noLog = (): void => undefined;

  it('fails with one line when there is no Next.js build', () => {
    assert.throws(() => ensureNextBuild(tempRoot(), noLog, { mayBuild: false }), (error: unknown) => {
      assert.ok(error instanceof BuildMissingError);
      assert.equal(error.message, 'The Next.js build is missing, and TICKWIRE_SKIP_BUILD forbids building at start: run `npm run build` first');
      return true;
    });
  });

  it('fails when the build is older than its sources', () => {
    const root = tempRoot();
    mkdirSync(join(root, '.next'));
    writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
    writeFileSync(join(root, '.next', 'tickwire-source-hash'), 'a hash of other sources');
    assert.throws(() => ensureNextBuild(root, noLog, { mayBuild: false }), /^BuildMissingError: The Next.js build is older than its sources/);
  });

  it('fails when the Prisma client was not generated', () => {
    const root = tempRoot();
    mkdirSync(join(root, 'prisma'));
    writeFileSync(join(root, 'prisma', 'schema.prisma'), '// schema');
    assert.throws(() => ensurePrismaClient(root, noLog, { mayBuild: false }), /^BuildMissingError: The Prisma client is missing or older than prisma\/schema.prisma/);
  });
});
