// `npm test`: type checking, lint, unit, integration and end-to-end tests, then one summary line.
// `npm test -- unit integration` runs only the named stages. Before any test, a preflight installs or
// names what the stages need (scripts/lib/preflight.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreflightError, preflight } from './lib/preflight.ts';

type Counts = { passed: number; failed: number };
type Stage = { name: string; run: () => Promise<Counts> };

const STAGES: Stage[] = [
  { name: 'typecheck', run: () => check('npx', ['tsc', '--noEmit', '-p', '.']) },
  { name: 'lint', run: () => check('npx', ['eslint', '.', '--max-warnings=0']) },
  { name: 'unit', run: () => nodeTests(testFiles('tests/unit'), { concurrency: 2, fileTimeLimitMs: 120_000 }) },
  { name: 'integration', run: async () => (await integrationLanes()).integration },
  { name: 'e2e', run: () => playwright() },
];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function check(command: string, args: string[]): Promise<Counts> {
  const code = await run(command, args);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

// The integration files run in two lanes, one file at a time in each, which keeps both cores busy
// without ever running two clusters at once. Lane A holds the files that start whole clusters or
// several processes (and, to even the lanes, the embedded SSE file); lane B the rest and then, when
// both stages run, the browser tests, which start once lane B is done, beside what is left of lane A.
// Lane A is sized from a clean run's file times to last about as long as lane B and the browser tests
// together (a clean run on a quiet machine: about 17 minutes in all, against 21 with the browser tests
// after both lanes). `build-once` stays in lane B: it rebuilds .next in place, which must not happen
// under the browser tests' server. A third lane was tried: the machine's two cores were then full, the
// cluster lane no shorter, and the timing-sensitive files failed.
const LANE_A = new RegExp(
  `/(${[
    'chaos-[\\w-]+',
    'cluster',
    'haproxy-l4',
    'prometheus',
    'nginx-config',
    'sse-embedded',
    'session-lifecycle',
    'gateway-deflate',
    'app-distributed',
    'feed-restart',
    'order-limits-distributed',
    'deadman-switch',
    'sse-distributed',
    'trading-distributed',
  ].join('|')})\\.test\\.ts$`,
);

type Timed = Counts & { seconds: number };

/**
 * Runs the integration lanes; `afterLaneB` (the browser tests) starts when lane B is done. Lane A's
 * report is printed as it runs; lane B's once it is done, so their lines do not interleave.
 */
async function integrationLanes(afterLaneB?: () => Promise<Counts>): Promise<{ integration: Timed; after?: Timed }> {
  const files = testFiles('tests/integration');
  const reportDir = mkdtempSync(join(tmpdir(), 'tickwire-lane-'));
  const laneBSpec = join(reportDir, 'lane-b.spec.txt');
  const started = Date.now();
  const since = (at: number): number => (Date.now() - at) / 1000;
  try {
    const laneA = nodeTests(files.filter((f) => LANE_A.test(f)), { concurrency: 1, fileTimeLimitMs: 420_000 }).then((counts) => ({ counts, seconds: since(started) }));
    const laneB = await nodeTests(files.filter((f) => !LANE_A.test(f)), { concurrency: 1, fileTimeLimitMs: 420_000, specDestination: laneBSpec });
    const laneBSeconds = since(started);
    if (existsSync(laneBSpec)) process.stdout.write(`\n--- integration lane B ---\n${readFileSync(laneBSpec, 'utf8')}`);
    let after: Timed | undefined;
    if (afterLaneB) {
      process.stdout.write('\n=== e2e (beside integration lane A) ===\n');
      const afterStarted = Date.now();
      after = { ...(await afterLaneB()), seconds: since(afterStarted) };
    }
    const a = await laneA;
    const integration = { passed: a.counts.passed + laneB.passed, failed: a.counts.failed + laneB.failed, seconds: Math.max(a.seconds, laneBSeconds) };
    return after ? { integration, after } : { integration };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

// Node 20's test runner does not find .ts files by itself (it then reports 0 tests): list them.
function testFiles(dir: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.ts files under ${dir}`);
  return files;
}

/**
 * Runs node:test files, printing the spec report (to stdout, or to `specDestination`) and counting
 * from a TAP copy of it. Each file has a time limit (Node 20's runner applies `--test-timeout` to a
 * whole file and then ends its process), and the guard kills whatever a file left running once its
 * tests are done.
 */
async function nodeTests(files: string[], options: { concurrency: number; fileTimeLimitMs: number; specDestination?: string }): Promise<Counts> {
  const reportDir = mkdtempSync(join(tmpdir(), 'tickwire-test-'));
  const tap = join(reportDir, 'report.tap');
  const code = await run(process.execPath, [
    '--import', 'tsx', '--import', './tests/helpers/test-file-guard.ts',
    '--test', `--test-concurrency=${options.concurrency}`, `--test-timeout=${options.fileTimeLimitMs}`,
    '--test-reporter=spec', `--test-reporter-destination=${options.specDestination ?? 'stdout'}`,
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const report = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(reportDir, { recursive: true, force: true });
  const passed = Number(/^# pass (\d+)/m.exec(report)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(report)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(report)?.[1] ?? 0);
  if (passed === 0 && failed === 0) return { passed: 0, failed: 1 }; // ran nothing: that is a failure
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
}

async function playwright(): Promise<Counts> {
  const dir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-'));
  const json = join(dir, 'report.json');
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
  const stats = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as { stats?: Record<string, number> }).stats : undefined;
  rmSync(dir, { recursive: true, force: true });
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  const failed = (stats?.unexpected ?? 0) + (stats?.skipped ?? 0);
  if (passed === 0 && failed === 0) return { passed: 0, failed: 1 };
  return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
}

// Type checking and lint each keep one core busy and print only what they find: they run side by side.
const SIDE_BY_SIDE = new Set(['typecheck', 'lint']);

/** The stages in order, those that may run side by side grouped together. */
function runGroups(stages: Stage[]): Stage[][] {
  const groups: Stage[][] = [];
  for (const stage of stages) {
    const last = groups.at(-1);
    if (last && SIDE_BY_SIDE.has(stage.name) && last.every((s) => SIDE_BY_SIDE.has(s.name))) last.push(stage);
    else groups.push([stage]);
  }
  return groups;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !STAGES.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`unknown stage(s): ${unknown.join(', ')}; stages: ${STAGES.map((s) => s.name).join(', ')}`);
  const stages = wanted.length > 0 ? STAGES.filter((s) => wanted.includes(s.name)) : STAGES;
  // The app processes the tests start read no developer's .env: each test sets what it means to.
  process.env.ENV_FILE ??= 'none';
  try {
    await preflight(stages.map((s) => s.name), (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    process.stdout.write(`npm test: ${error.message}\n\ntests: 0 passed, 1 failed\n`);
    process.exitCode = 1;
    return;
  }
  const rows: string[] = [];
  const total: Counts = { passed: 0, failed: 0 };
  const record = (name: string, counts: Counts, seconds: number): void => {
    total.passed += counts.passed;
    total.failed += counts.failed;
    rows.push(`${name.padEnd(12)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed  ${seconds.toFixed(1)} s`);
  };
  const both = stages.some((s) => s.name === 'integration') && stages.some((s) => s.name === 'e2e');
  for (const group of runGroups(stages.filter((s) => !both || s.name !== 'e2e'))) {
    if (both && group[0]?.name === 'integration') {
      process.stdout.write('\n=== integration (lane A printed as it runs, lane B when done) ===\n');
      const { integration, after } = await integrationLanes(playwright);
      record('integration', integration, integration.seconds);
      if (after) record('e2e', after, after.seconds);
      continue;
    }
    process.stdout.write(`\n=== ${group.map((stage) => stage.name).join(' + ')} ===\n`);
    const results = await Promise.all(
      group.map(async (stage) => {
        const started = Date.now();
        return { stage, counts: await stage.run(), seconds: (Date.now() - started) / 1000 };
      }),
    );
    for (const { stage, counts, seconds } of results) record(stage.name, counts, seconds);
  }
  process.stdout.write(`\n${rows.join('\n')}\n\ntests: ${total.passed} passed, ${total.failed} failed\n`);
  process.exitCode = total.failed === 0 ? 0 : 1;
}

await main();
