// What the brokers benchmark runs. The defaults fit the whole run in about five minutes; every figure can
// be shrunk from the environment for a smoke run (docs/benchmarks.md, "Brokers").

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** The phases, in the order they run; BENCH_BROKERS_PHASES picks some of them (comma-separated). */
export const BROKER_PHASES = ['raw', 'feed', 'latency', 'orders'] as const;
export type BrokerPhase = (typeof BROKER_PHASES)[number];

function phases(value: string | undefined): BrokerPhase[] {
  const wanted = (value ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const known = BROKER_PHASES.filter((phase) => wanted.includes(phase));
  return known.length > 0 ? known : [...BROKER_PHASES];
}

/** The run's shape. */
export const BROKERS_SETTINGS = {
  phases: phases(process.env.BENCH_BROKERS_PHASES),
  /** Raw publishes: how long each mechanism publishes, how many publishes are awaited at once, and their size. */
  rawWindowMs: positive(process.env.BENCH_BROKERS_RAW_MS, 5_000),
  rawInFlight: 256,
  rawPayloadBytes: 200,
  /** A mechanism with no reply (NATS core) flushes (one PING round trip) after this many publishes of a worker. */
  rawFlushEvery: 100,
  /** Simulator events one feed worker turns into deltas, as fast as it can (bench/feed-throughput.ts's loop). */
  feedEvents: positive(process.env.BENCH_BROKERS_FEED_EVENTS, 200_000),
  /** Publish → gateway: feed rate, clients (split over the gateway processes), how many of them read publish times. */
  latencyRate: positive(process.env.BENCH_BROKERS_RATE, 2_000),
  latencyClients: positive(process.env.BENCH_BROKERS_CLIENTS, 100),
  latencyGateways: positive(process.env.BENCH_BROKERS_GATEWAYS, 2),
  sampledConnections: 20,
  depth: 50,
  warmupMs: positive(process.env.BENCH_BROKERS_WARMUP_MS, 3_000),
  windowMs: positive(process.env.BENCH_BROKERS_WINDOW_MS, 10_000),
  /** Order round trip: total rate over the users, seconds measured after a warm-up. */
  ordersRate: positive(process.env.BENCH_BROKERS_ORDERS_RATE, 200),
  ordersWarmupS: positive(process.env.BENCH_BROKERS_ORDERS_WARMUP_S, 2),
  ordersSeconds: positive(process.env.BENCH_BROKERS_ORDERS_SECONDS, 10),
  ordersUsers: positive(process.env.BENCH_BROKERS_ORDERS_USERS, 25),
  /** A backlog is drained and measured up to this long after the last send, then the phase gives up on it. */
  ordersDrainMs: positive(process.env.BENCH_BROKERS_ORDERS_DRAIN_MS, 30_000),
};
