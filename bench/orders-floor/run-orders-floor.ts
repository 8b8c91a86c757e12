// Orders against their floor: the same hops (WebSocket → gateway → Redis stream → a consumer → one
// PostgreSQL INSERT → Redis pub/sub → gateway → WebSocket) measured with a bare consumer in the
// engine's place (floor-consumer.ts) and with the real engine, at the same rates in the same run, on
// the same feed and two gateway processes. At each rate the floor goes first, then the engine, so both
// see the machine as it is then. The target: engine p99 ≤ 3× the floor's p99, nothing lost, refused
// or doubled; and the break point: the lowest tested rate at which the engine's p99 passes 50 ms.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import type WebSocket from 'ws';
import type { TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
import { sleep } from '../../scripts/lib/wait-for.ts';
import { deleteRedisKeys } from '../../tests/helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../../tests/helpers/services.ts';
import { startRoles } from '../../tests/helpers/start-roles.ts';
import { printTable, writeResults, type Row } from '../lib/report.ts';
import { createUsers } from '../lib/trading-stack.ts';
import { describeSettings, floorSettings, PRIME_RATE, type FloorSettings } from './floor-settings.ts';
import { runPhase, startConsumer, type PhasePlan, type StackEnv } from './floor-phase.ts';
import { breakPoint, judgeRate, legRow, summarizeLeg, type Leg, type LegSummary, type PhaseUsage, type RateVerdict } from './leg-summary.ts';
import { openLoadSockets } from './load-sockets.ts';
import { OrderTally } from './order-tally.ts';
import { statsBetween, statsRow, type ConsumerStats } from './consumer-stats.ts';

const LEGS: readonly Leg[] = ['floor', 'engine'];
// After the last phase, answers that come late still count: a second answer to an order is a double.
const SETTLE_MS = 1000;
// The rate the issue asks for.
const TARGET_RATE = 1000;

const targetLine = (verdict: RateVerdict | undefined): string => (verdict === undefined ? `not tested (add ${TARGET_RATE} to BENCH_ORDERS_FLOOR_RATES)` : verdict.verdict);

interface Phase {
  leg: Leg;
  rate: number;
  tally: OrderTally;
  usage: PhaseUsage;
  /** The consumer's batches and statements over the phase (warm-up included). */
  stats: ConsumerStats | undefined;
}

/** Runs both legs at every rate and returns one row per leg and rate. */
export async function runOrdersFloorBenchmark(): Promise<Row[]> {
  const settings = floorSettings(process.env);
  process.stdout.write(`\norders-floor settings:\n${describeSettings(settings)}\n`);
  const prefix = uniquePrefix('twbench-orders-floor');
  const database = await createTestDatabase();
  const processes: TickwireProcess[] = [];
  let sockets: WebSocket[] = [];
  try {
    const tokens = await createUsers(database.url, 'floor', settings.users);
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, ...settings.budgets };
    // The feed runs in both legs, so both see the same machine: the engine needs its books, the floor does not.
    const stack = await startRoles([
      { role: 'feed', env: { ...env, NODE_ID: 'feed-1' } },
      { role: 'gateway', env: { ...env, NODE_ID: 'gateway-1' } },
      { role: 'gateway', env: { ...env, NODE_ID: 'gateway-2' } },
    ]);
    processes.push(...stack);
    const gateways = stack.slice(1);
    const tallies: OrderTally[] = [];
    // Order events go to every phase's tally (each knows only its own ids), so a late second answer
    // is still seen; an error reply names only a request id, which belongs to the current phase.
    sockets = await openLoadSockets(gateways.map((g) => g.port), tokens, (message, atMs) => {
      if (message.type === 'error') tallies.at(-1)?.received(message, atMs);
      else for (const tally of tallies) tally.received(message, atMs);
    });
    const gatewayPids = gateways.map((g) => g.child.pid ?? 0);
    const phases: Phase[] = [];
    for (const rate of settings.rates) {
      for (const leg of LEGS) phases.push(await runLeg({ leg, rate, settings, env, sockets, tallies, gatewayPids, processes }));
    }
    await sleep(SETTLE_MS);
    return report(settings, phases);
  } finally {
    for (const socket of sockets) socket.terminate();
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database.drop();
  }
}

/** What one leg at one rate runs on. */
interface LegPlan {
  leg: Leg;
  rate: number;
  settings: FloorSettings;
  env: StackEnv;
  sockets: WebSocket[];
  /** Every phase's tally so far; the leg adds its own. */
  tallies: OrderTally[];
  gatewayPids: number[];
  /** Where a started engine is recorded, so the run stops it whatever fails. */
  processes: TickwireProcess[];
}

/** Starts the leg's consumer, primes it, measures the phase and stops the consumer. */
async function runLeg(plan: LegPlan): Promise<Phase> {
  const { leg, rate, settings, sockets, tallies, gatewayPids } = plan;
  const consumer = await startConsumer(leg, plan.env, settings.insertMode, plan.processes);
  const startedAt = performance.now();
  const run = async (idPrefix: string, phaseRate: number, timing: PhasePlan['timing']): Promise<{ tally: OrderTally; usage: PhaseUsage }> => {
    const tally = new OrderTally(idPrefix);
    tallies.push(tally);
    return { tally, usage: await runPhase({ sockets, rate: phaseRate, idPrefix, tally, consumerPid: consumer.pid, gatewayPids, timing }) };
  };
  const phase = await (async (): Promise<Phase> => {
    // A fresh process is slow for its first orders (JIT, pools): primed apart, so no backlog of its start reaches the phase.
    if (settings.primeS > 0) await run(`prime-${leg}-${rate}-`, Math.min(rate, PRIME_RATE), { warmupS: settings.primeS, measureS: 0, drainS: settings.drainS });
    const before = await consumer.stats();
    const { tally, usage } = await run(`${leg}-${rate}-`, rate, settings);
    const after = await consumer.stats();
    return { leg, rate, tally, usage, stats: before === undefined || after === undefined ? undefined : statsBetween(before, after) };
  })().finally(() => consumer.stop());
  const unanswered = phase.tally.measured().filter((o) => o.filledMs === undefined && o.rejected === undefined).length;
  process.stderr.write(`orders-floor: ${leg} at ${rate}/s done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s, ${unanswered} measured unanswered, load ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n`);
  return phase;
}

/** Prints the verdicts and the break point, writes them to bench/results/orders-floor-verdicts.json, and returns the rows. */
function report(settings: FloorSettings, phases: Phase[]): Row[] {
  const summaries = phases.map((p) => summarizeLeg(p.leg, p.rate, p.tally.measured(), p.usage));
  const unmatchedErrors = phases.reduce((sum, p) => sum + p.tally.unmatchedErrors, 0);
  const of = (leg: Leg, rate: number): LegSummary | undefined => summaries.find((s) => s.leg === leg && s.rate === rate);
  const verdicts: RateVerdict[] = [];
  const rows: Row[] = [];
  for (const rate of settings.rates) {
    const floor = of('floor', rate);
    const engine = of('engine', rate);
    if (floor === undefined || engine === undefined) continue;
    const verdict = judgeRate(floor, engine, settings.maxRatio);
    verdicts.push(verdict);
    rows.push(legRow(floor), legRow(engine, verdict));
  }
  const engineBreak = breakPoint(summaries.filter((s) => s.leg === 'engine'), settings.breakMs);
  const floorBreak = breakPoint(summaries.filter((s) => s.leg === 'floor'), settings.breakMs);
  // The load must cost this process less than it costs the processes it measures.
  const isGeneratorCheaper = summaries.every((s) => s.generatorCpuPct < s.consumerCpuPct + s.gatewaysCpuPct);
  const verdictRows: Row[] = verdicts.map((v) => ({
    'sent/s': v.rate,
    'floor p99 ms': v.floorP99Ms,
    'engine p99 ms': v.engineP99Ms,
    '× floor': Number.isFinite(v.ratio) ? v.ratio : 'n/a',
    target: `≤ ${settings.maxRatio}×, 0 lost/rejected/doubled`,
    verdict: v.verdict,
  }));
  printTable(`Orders against the floor: the target at each rate (engine p99 ≤ ${settings.maxRatio}× the floor's, same run)`, verdictRows);
  const breakLine = (rate: number | undefined): string => (rate === undefined ? `not reached (up to ${settings.rates.at(-1)}/s)` : `${rate} orders/s`);
  const summaryLines = [
    `break point (the lowest tested rate where p99 > ${settings.breakMs} ms or an order was lost): engine ${breakLine(engineBreak)}; floor ${breakLine(floorBreak)}`,
    `load generator cheaper than the consumer and gateways it measures in every phase: ${isGeneratorCheaper ? 'yes' : 'NO: the figures are the generator\'s too'}`,
    ...(unmatchedErrors > 0 ? [`${unmatchedErrors} gateway error repl(ies) named no order (frames refused unread?)`] : []),
    `the issue's target, 1,000 orders/s: ${targetLine(verdicts.find((v) => v.rate === TARGET_RATE))}`,
    `overall: ${verdicts.length > 0 && verdicts.every((v) => v.isMet) ? 'met at every tested rate' : 'MISSED at ' + verdicts.filter((v) => !v.isMet).map((v) => `${v.rate}/s`).join(', ')}`,
  ];
  process.stdout.write(`${summaryLines.join('\n')}\n`);
  const timeRows = phases.map((p) => statsRow(p.leg, p.rate, p.stats));
  printTable('Where the consumer\'s time went, per phase (warm-up included): entries per batch, queue wait (engine), each statement\'s mean and count per batch (engine: through Prisma; floor: bare pg)', timeRows);
  const data = { settings, verdicts, breakPoint: { engine: engineBreak ?? null, floor: floorBreak ?? null, limitMs: settings.breakMs }, isGeneratorCheaper, unmatchedErrors, summaries, consumerTime: timeRows };
  process.stdout.write(`verdicts: ${writeResults('orders-floor-verdicts', data)}\n`);
  return rows;
}
