// Before any test runs: is everything the chosen stages need on this machine? What is missing is
// installed (as root, with Debian's apt) or started (the local Redis, nats-server and PostgreSQL), one line each;
// what can't be fixed stops the run within seconds, naming the command that would fix it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hasChromium } from './chromium-path.ts';

/** One thing the tests need. */
interface Requirement {
  name: string;
  /** The test stages that need it. */
  stages: string[];
  isMet(): Promise<boolean>;
  /** Debian packages that bring it. */
  aptPackages?: string[];
  /** Starts it where it is a local service that is installed but down; resolves when it answers. */
  start?: () => Promise<boolean>;
  /** What a person runs to fix it. */
  hint: string;
}

const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const POSTGRES_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_START = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', REDIS_URL.port || '6379', '--save', '', '--appendonly', 'no'];
const NATS_URL = new URL(process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222');
const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? 'nats-server';
// As the machine's service runs it: in the background, JetStream on, its store and log where Debian puts them.
const NATS_START = ['--start', '--oknodo', '--background', '--exec', commandPath(NATS_SERVER_BIN) ?? '/usr/sbin/nats-server', '--',
  '-a', '127.0.0.1', '-p', NATS_URL.port || '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log'];

const REQUIREMENTS: Requirement[] = [
  // The unit stage checks the rendered configs with `nginx -t` (and a self-signed certificate) too.
  binary('nginx', process.env.NGINX_BIN ?? 'nginx', ['nginx'], ['unit', 'integration']),
  // The L4 balancer of tests/integration/haproxy-l4.test.ts (deploy/haproxy.cfg).
  binary('haproxy', process.env.HAPROXY_BIN ?? 'haproxy', ['haproxy'], ['integration']),
  binary('redis-server', 'redis-server', ['redis-server'], ['integration']),
  // The NATS broker's tests, and the chaos tests that restart a private one (tests/helpers/private-nats.ts).
  binary('nats-server', NATS_SERVER_BIN, ['nats-server'], ['integration']),
  binary('promtool', 'promtool', ['prometheus'], ['integration']),
  binary('prometheus', 'prometheus', ['prometheus'], ['integration']),
  binary('openssl', 'openssl', ['openssl'], ['unit', 'integration']),
  {
    name: 'Chromium',
    stages: ['e2e'],
    isMet: async () => hasChromium(),
    aptPackages: ['chromium'],
    hint: 'apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium or Chrome executable)',
  },
  // Without a Hangul font Chromium draws the Korean interface as boxes (the screenshots, and what a person sees).
  {
    name: 'a Korean (Hangul) font',
    stages: ['e2e'],
    isMet: async () => hasHangulFont(),
    aptPackages: ['fonts-nanum'],
    hint: 'apt-get install -y fonts-nanum',
  },
  {
    name: `Redis at ${REDIS_URL.host}`,
    stages: ['integration'],
    isMet: () => redisAnswers(),
    start: async () => isLocal(REDIS_URL.hostname) && hasCommand('redis-server') && run('redis-server', REDIS_START) && (await retry(redisAnswers)),
    hint: `redis-server ${REDIS_START.map((a) => (a === '' ? '""' : a)).join(' ')} (or set TEST_REDIS_URL)`,
  },
  {
    name: `nats-server with JetStream at ${NATS_URL.host}`,
    stages: ['integration'],
    isMet: () => natsAnswers(),
    start: async () => isLocal(NATS_URL.hostname) && hasCommand(NATS_SERVER_BIN) && hasCommand('start-stop-daemon') && run('start-stop-daemon', NATS_START) && (await retry(natsAnswers)),
    hint: `start-stop-daemon ${NATS_START.join(' ')} (or set TEST_NATS_URL to a server with JetStream on)`,
  },
  {
    name: `PostgreSQL at ${new URL(POSTGRES_URL).host}`,
    stages: ['integration'],
    isMet: () => postgresAnswers(),
    start: async () => isLocal(new URL(POSTGRES_URL).hostname) && startPostgres() && (await retry(postgresAnswers)),
    hint: `pg_ctlcluster --skip-systemctl-redirect ${postgresVersion() ?? '<version>'} main start (or set TEST_POSTGRES_ADMIN_URL; trust auth for user postgres)`,
  },
];

/** Checks, installs and starts what the stages need; throws with one line per thing still missing. */
export async function preflight(stages: string[], log: (line: string) => void): Promise<void> {
  const needed = REQUIREMENTS.filter((r) => r.stages.some((s) => stages.includes(s)));
  let missing = await unmet(needed);
  const packages = [...new Set(missing.flatMap((r) => r.aptPackages ?? []))];
  if (packages.length > 0 && canApt()) {
    log(`preflight: installing ${packages.join(', ')} with apt-get (missing: ${missing.filter((r) => r.aptPackages).map((r) => r.name).join(', ')})`);
    aptInstall(packages);
    missing = await unmet(missing);
  }
  for (const requirement of missing.filter((r) => r.start)) {
    log(`preflight: starting ${requirement.name}`);
    if (await requirement.start?.()) missing = missing.filter((r) => r !== requirement);
  }
  if (missing.length === 0) return;
  const lines = missing.map((r) => `  missing: ${r.name} — ${r.hint}`);
  throw new PreflightError(`the tests need what this machine lacks:\n${lines.join('\n')}`);
}

/** What the machine lacks for the tests; its message is what the run prints before it stops. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  readonly code = 'PREFLIGHT_FAILED';
}

async function unmet(requirements: Requirement[]): Promise<Requirement[]> {
  const met = await Promise.all(requirements.map((r) => r.isMet().catch(() => false)));
  return requirements.filter((_, i) => !met[i]);
}

function binary(name: string, command: string, aptPackages: string[], stages: string[]): Requirement {
  return { name, stages, isMet: async () => hasCommand(command), aptPackages, hint: `apt-get install -y ${aptPackages.join(' ')}` };
}

function hasHangulFont(): boolean {
  if (!hasCommand('fc-list')) return false;
  const found = spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() !== '';
}

function hasCommand(command: string): boolean {
  return commandPath(command) !== undefined;
}

// Where a command is: itself when it names a path, else the first PATH folder that holds it.
function commandPath(command: string): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  return (process.env.PATH ?? '').split(':').filter((dir) => dir !== '').map((dir) => join(dir, command)).find((path) => existsSync(path));
}

function canApt(): boolean {
  return process.getuid?.() === 0 && hasCommand('apt-get');
}

function aptInstall(packages: string[]): void {
  const logDir = mkdtempSync(join(tmpdir(), 'tickwire-apt-'));
  const logFile = join(logDir, 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Output goes to a file: on failure its tail says why; on success nobody needs it.
  const script = `apt-get update -qq && apt-get install -y -qq --no-install-recommends ${packages.join(' ')}`;
  const result = spawnSync('bash', ['-c', `(${script}) >${logFile} 2>&1`], { env, stdio: 'ignore' });
  if (result.status !== 0) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n  ');
    throw new PreflightError(`apt-get could not install ${packages.join(', ')}:\n  ${tail}`);
  }
}

function run(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 5000 }).status === 0;
}

function isLocal(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

function postgresVersion(): string | undefined {
  if (!existsSync('/etc/postgresql')) return undefined;
  return readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1);
}

function startPostgres(): boolean {
  const version = postgresVersion();
  if (!version || !hasCommand('pg_ctlcluster')) return false;
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore', timeout: 8000 });
    return true;
  } catch {
    return false;
  }
}

/** Asks again for a few seconds: a service that was just started takes a moment to answer. */
async function retry(check: () => Promise<boolean>, timeoutMs = 6000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379), timeout: 2000 });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // An auth-protected server answers -NOAUTH: it is up, and the URL's password is the tests' business.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.on('timeout', () => done(false));
    socket.on('error', () => done(false));
  });
}

// A NATS server greets every client with INFO; it says whether JetStream is on, which the broker needs.
function natsAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: NATS_URL.hostname, port: Number(NATS_URL.port || 4222), timeout: 2000 });
    let greeting = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('data', (chunk) => {
      greeting += chunk.toString();
      if (greeting.includes('\r\n')) done(greeting.startsWith('INFO ') && /"jetstream"\s*:\s*true/.test(greeting));
    });
    socket.on('timeout', () => done(false));
    socket.on('error', () => done(false));
  });
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
