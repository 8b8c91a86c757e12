// Makes `npm start` work on a fresh clone: generates the Prisma client and runs the Next.js production
// build when they are missing or older than their sources (compared by a hash of the source files).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const BUILD_INPUTS = ['app', 'components', 'lib', 'next.config.js', 'tsconfig.json', 'package-lock.json', 'public'];
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

/** Regenerates the Prisma client if the schema changed since it was generated. */
export function ensurePrismaClient(root: string, log: (msg: string) => void): void {
  // generate-prisma.mjs writes this stamp: the SHA-256 of the schema it generated from.
  const stamp = join(root, 'lib', 'generated', 'prisma', '.schema-hash');
  const current = createHash('sha256').update(readFileSync(join(root, 'prisma', 'schema.prisma'))).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === current) return;
  log('generating the Prisma client');
  execFileSync(process.execPath, [join(root, 'scripts', 'generate-prisma.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const LOCK_STALE_MS = 10 * 60_000;

/** Runs `next build` if there is no build or the sources changed since the last one. */
export function ensureNextBuild(root: string, log: (msg: string) => void): void {
  const stamp = join(root, '.next', 'tickwire-source-hash');
  const isCurrent = (): boolean => existsSync(join(root, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hashSources(root, BUILD_INPUTS);
  if (isCurrent()) return;
  // Several web nodes may start at once from one folder: one builds, the others wait for it.
  const lock = join(root, 'node_modules', '.cache', 'tickwire', 'next-build.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  while (!tryLock(lock)) {
    log('waiting for another process to finish the Next.js build');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  try {
    if (!isCurrent()) build(root, stamp, log);
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

function build(root: string, stamp: string, log: (msg: string) => void): void {
  const current = hashSources(root, BUILD_INPUTS);
  log('building the Next.js app (first start or sources changed; takes about a minute)');
  const nextCli = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  execFileSync(process.execPath, [nextCli, 'build'], {
    cwd: root,
    // Build output goes to stderr so stdout stays pure JSON log lines.
    stdio: ['ignore', process.stderr, 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  writeFileSync(stamp, current);
}
