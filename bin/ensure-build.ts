// Makes `npm start` work on a fresh clone: generates the Prisma client and runs the Next.js production
// build when they are missing or older than their sources (compared by a hash of the source files).
// `npm run build` builds ahead of time and stamps the build the same way, so a start after it does
// not build again; with TICKWIRE_SKIP_BUILD a start never builds and fails on a missing or stale one.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// server/web and server/lab are bundled into the route handlers; proxy.ts runs before every request;
// i18n and messages are the interface's languages.
const BUILD_INPUTS = ['app', 'components', 'lib', 'i18n', 'messages', 'server/web', 'server/lab', 'proxy.ts', 'next.config.js', 'tsconfig.json', 'package-lock.json', 'public'];
const IGNORED = new Set(['generated', 'node_modules', '.next']);

/** Hashes the files under the given roots (paths and contents), skipping generated folders. */
export function hashSources(root: string, inputs: string[]): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!IGNORED.has(name)) visit(join(path, name));
      return;
    }
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  };
  for (const input of inputs) visit(join(root, input));
  return hash.digest('hex');
}

/** Thrown at start when building is not allowed and the build is missing or stale. */
export class BuildMissingError extends Error {
  override readonly name = 'BuildMissingError';
  readonly code = 'BUILD_MISSING';
}

/** Whether a start may build what is missing (false for read-only images: TICKWIRE_SKIP_BUILD). */
export interface BuildPolicy {
  mayBuild: boolean;
}

/** Regenerates the Prisma client if the schema changed since it was generated. */
export function ensurePrismaClient(root: string, log: (msg: string) => void, policy: BuildPolicy = { mayBuild: true }): void {
  // generate-prisma.mjs writes this stamp: the SHA-256 of the schema it generated from.
  const stamp = join(root, 'lib', 'generated', 'prisma', '.schema-hash');
  const current = createHash('sha256').update(readFileSync(join(root, 'prisma', 'schema.prisma'))).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === current) return;
  if (!policy.mayBuild) throw new BuildMissingError('The Prisma client is missing or older than prisma/schema.prisma, and TICKWIRE_SKIP_BUILD forbids generating it at start: run `npm run build` first');
  log('generating the Prisma client');
  execFileSync(process.execPath, [join(root, 'scripts', 'generate-prisma.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const LOCK_STALE_MS = 10 * 60_000;

/** The hash of the sources the current build was made from. */
const buildStamp = (root: string): string => join(root, '.next', 'tickwire-source-hash');

/** Runs `next build` if there is no build or the sources changed since the last one. */
export function ensureNextBuild(root: string, log: (msg: string) => void, policy: BuildPolicy = { mayBuild: true }): void {
  const stamp = buildStamp(root);
  const isCurrent = (): boolean => existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hashSources(root, BUILD_INPUTS);
  if (isCurrent()) return;
  if (!policy.mayBuild) {
    const what = existsSync(join(root, '.next', 'BUILD_ID')) ? 'older than its sources' : 'missing';
    throw new BuildMissingError(`The Next.js build is ${what}, and TICKWIRE_SKIP_BUILD forbids building at start: run \`npm run build\` first`);
  }
  withBuildLock(root, log, () => {
    if (!isCurrent()) buildNext(root, log);
  });
}

/** Builds the app now and stamps the build, whatever state it was in (`npm run build`). */
export function buildNextNow(root: string, log: (msg: string) => void): void {
  withBuildLock(root, log, () => buildNext(root, log));
}

function withBuildLock(root: string, log: (msg: string) => void, work: () => void): void {
  // Several web nodes may start at once from one folder: one builds, the others wait for it.
  const lock = join(root, 'node_modules', '.cache', 'tickwire', 'next-build.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  while (!tryLock(lock)) {
    log('waiting for another process to finish the Next.js build');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a process that died mid-build must not block every later start.
    const lockedAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - lockedAt > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function buildNext(root: string, log: (msg: string) => void): void {
  const current = hashSources(root, BUILD_INPUTS);
  log('building the Next.js app (takes about a minute)');
  const nextCli = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  execFileSync(process.execPath, [nextCli, 'build'], {
    cwd: root,
    // Build output goes to stderr so stdout stays pure JSON log lines.
    stdio: ['ignore', process.stderr, 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  writeFileSync(buildStamp(root), current);
}
