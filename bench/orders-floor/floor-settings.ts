// The orders-floor benchmark's settings, every one from the environment, and the order budgets the
// gateways and the engine are started with (set explicitly, so the run says what it allowed).
import { LOOPBACK_LOAD_ORDER_BUDGET } from '../../scripts/cluster/start-cluster.ts';
import { DEFAULT_GATEWAY_OPTIONS } from '../../server/gateway/gateway-options.ts';
import type { FloorInsertMode } from './floor-writes.ts';

/** Sockets opened from one loopback source address (127.0.0.N): half of them on each gateway, under its 50 per address. */
export const SOCKETS_PER_ADDRESS = 40;

export interface FloorSettings {
  /** Total orders/s of each phase, ascending. */
  rates: number[];
  /** The floor's INSERT: one per order, or one per queue read. */
  insertMode: FloorInsertMode;
  /** Before each phase, a freshly started consumer is primed this long at up to PRIME_RATE (not measured). */
  primeS: number;
  warmupS: number;
  measureS: number;
  /** How long a phase waits for its last answers before the rest count as lost. */
  drainS: number;
  users: number;
  /** Orders/s each user sends at the highest rate. */
  peakPerUser: number;
  /** Loopback source addresses the users connect from. */
  addresses: number;
  /** The target: engine p99 ≤ this × the floor's p99 at the same rate. */
  maxRatio: number;
  /** The engine breaks where its p99 passes this. */
  breakMs: number;
  /** The environment the gateways and the engine are started with (order budgets, queue bound). */
  budgets: Record<string, string>;
}

/** Orders/s of the priming before each phase (or the phase's rate, if lower). */
export const PRIME_RATE = 200;

/** Reads the settings; throws, naming the variable, when the run could not work as configured. */
export function floorSettings(env: Record<string, string | undefined>): FloorSettings {
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
    return value;
  };
  const rates = (env.BENCH_ORDERS_FLOOR_RATES ?? '200,500,1000').split(',').map((r) => Number(r.trim()));
  if (rates.length === 0 || rates.some((r) => !Number.isInteger(r) || r <= 0)) throw new Error(`BENCH_ORDERS_FLOOR_RATES must be whole orders/s, comma-separated (got ${env.BENCH_ORDERS_FLOOR_RATES})`);
  rates.sort((a, b) => a - b);
  const insertMode = env.BENCH_ORDERS_FLOOR_INSERT ?? 'batch';
  if (insertMode !== 'batch' && insertMode !== 'order') throw new Error(`BENCH_ORDERS_FLOOR_INSERT must be batch or order (got ${insertMode})`);
  const peak = rates.at(-1) ?? 0;
  // 8 orders/s a user, as the orders benchmark sends: 125 users for 1,000/s.
  const perUserTarget = number('BENCH_ORDERS_FLOOR_USER_RATE', 8);
  const users = Math.round(number('BENCH_ORDERS_FLOOR_USERS', Math.max(125, Math.ceil(peak / perUserTarget))));
  const budgets = {
    ORDER_OPS_PER_SECOND: env.ORDER_OPS_PER_SECOND ?? '20',
    ORDER_OPS_BURST: env.ORDER_OPS_BURST ?? '100',
    ...LOOPBACK_LOAD_ORDER_BUDGET,
    ...(env.ORDER_OPS_PER_ADDRESS_PER_SECOND === undefined ? {} : { ORDER_OPS_PER_ADDRESS_PER_SECOND: env.ORDER_OPS_PER_ADDRESS_PER_SECOND }),
    ...(env.ORDER_OPS_PER_ADDRESS_BURST === undefined ? {} : { ORDER_OPS_PER_ADDRESS_BURST: env.ORDER_OPS_PER_ADDRESS_BURST }),
    ORDER_QUEUE_MAX: env.ORDER_QUEUE_MAX ?? '10000',
  };
  const peakPerUser = peak / users;
  const addresses = Math.ceil(users / SOCKETS_PER_ADDRESS);
  // Each user's sends must stay within every budget with room to spare, or the run measures refusals.
  const limits = [
    { perS: peakPerUser, max: Number(budgets.ORDER_OPS_PER_SECOND), what: 'the per-user order budget (ORDER_OPS_PER_SECOND)' },
    { perS: peakPerUser, max: DEFAULT_GATEWAY_OPTIONS.rateLimitPerSecond, what: "the gateway's frames/s per socket" },
    { perS: peakPerUser * Math.min(users, SOCKETS_PER_ADDRESS), max: Number(budgets.ORDER_OPS_PER_ADDRESS_PER_SECOND), what: 'the per-address order budget (ORDER_OPS_PER_ADDRESS_PER_SECOND)' },
  ];
  for (const { perS, max, what } of limits) {
    if (perS > 0.8 * max) throw new Error(`${peak} orders/s over ${users} users is ${perS.toFixed(1)}/s each, over 80 % of ${what}, ${max}/s: raise BENCH_ORDERS_FLOOR_USERS`);
  }
  if (addresses > 254) throw new Error(`BENCH_ORDERS_FLOOR_USERS=${users} needs more than 254 loopback addresses`);
  return {
    rates,
    insertMode,
    primeS: env.BENCH_ORDERS_FLOOR_PRIME_S === '0' ? 0 : number('BENCH_ORDERS_FLOOR_PRIME_S', 2),
    warmupS: number('BENCH_ORDERS_FLOOR_WARMUP_S', 2),
    measureS: number('BENCH_ORDERS_FLOOR_SECONDS', 10),
    drainS: number('BENCH_ORDERS_FLOOR_DRAIN_S', 30),
    users,
    peakPerUser,
    addresses,
    maxRatio: number('BENCH_ORDERS_FLOOR_MAX_RATIO', 3),
    breakMs: number('BENCH_ORDERS_FLOOR_BREAK_MS', 50),
    budgets,
  };
}

/** One line saying what the run allowed and why, for the output. */
export function describeSettings(s: FloorSettings): string {
  const budget = Object.entries(s.budgets).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    `rates ${s.rates.join(', ')} orders/s; at each rate the floor, then the engine, each a fresh process primed ${s.primeS} s at up to ${PRIME_RATE}/s, then ${s.warmupS} s warm-up + ${s.measureS} s measured; drain up to ${s.drainS} s`,
    `the floor: one INSERT ${s.insertMode === 'batch' ? 'per queue read (all its orders, one statement)' : 'per order (one statement each, in turn)'}, one PUBLISH per order, one XACK per read; the engine publishes at least 4 events per filled order (accepted, filled, position, balance)`,
    `${s.users} users (one socket each, alternating over the two gateways) from ${s.addresses} loopback address(es) 127.0.0.1-${s.addresses}, ${SOCKETS_PER_ADDRESS} per address (gateway limit: 50 sockets per address per node)`,
    `at the peak each user sends ${s.peakPerUser.toFixed(1)} orders/s (gateway: ${DEFAULT_GATEWAY_OPTIONS.rateLimitPerSecond} frames/s per socket, bursts of ${DEFAULT_GATEWAY_OPTIONS.rateLimitBurst})`,
    `set for the gateways and the engine: ${budget}`,
  ].join('\n');
}
