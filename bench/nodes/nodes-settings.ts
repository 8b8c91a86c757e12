// What the nodes benchmark runs; each figure can be overridden from the environment for a quick run.

function numbers(value: string | undefined, fallback: number[]): number[] {
  const parsed = (value ?? '').split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0);
  return parsed.length > 0 ? parsed : fallback;
}

/** The run's shape. */
export const NODES_SETTINGS = {
  /** Clients of the scaling phases, split evenly over each count of gateway nodes in turn. */
  scalingClients: Number(process.env.BENCH_NODES_CLIENTS ?? 2_000),
  /** Gateway node counts of the scaling phases; the first should be 1, the baseline of every ratio. */
  nodeCounts: numbers(process.env.BENCH_NODES_COUNTS, [1, 2, 3]),
  /** Feed rates (deltas/s) of the scaling phases: calm, then stressful. */
  scalingRates: numbers(process.env.BENCH_NODES_RATES, [100, 2_000]),
  /** Client counts of the Redis-hop comparison: a handful to isolate the hop, then a realistic node. */
  hopClients: numbers(process.env.BENCH_NODES_HOP_CLIENTS, [10, 1_000]),
  /** The calm feed rate of the Redis-hop comparison. */
  hopRate: 100,
  depth: 50,
  warmupMs: Number(process.env.BENCH_NODES_WARMUP_MS ?? 3_000),
  windowMs: Number(process.env.BENCH_NODES_WINDOW_MS ?? 10_000),
  /** Connections that read publish times, over all nodes (the others only count). */
  sampledConnections: 20,
};
