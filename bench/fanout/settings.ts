// What the fan-out benchmark runs; each figure can be overridden from the environment for a quick run.

function numbers(value: string | undefined, fallback: number[]): number[] {
  const parsed = (value ?? '').split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0);
  return parsed.length > 0 ? parsed : fallback;
}

/** The run's shape. */
export const SETTINGS = {
  /** Client counts, each against a fresh server process. */
  clientCounts: numbers(process.env.BENCH_FANOUT_CLIENTS, [1_000, 5_000]),
  /** Feed rates in deltas per second: calm, then stressful. */
  rates: numbers(process.env.BENCH_FANOUT_RATES, [100, 2_000]),
  /** Depth every gateway client asks for. */
  depth: 50,
  warmupMs: Number(process.env.BENCH_FANOUT_WARMUP_MS ?? 3_000),
  windowMs: Number(process.env.BENCH_FANOUT_WINDOW_MS ?? 10_000),
  /** Connections that read publish times (the others only count). */
  sampledConnections: 20,
  /** Share of clients that stop reading in the slow-consumer phase. */
  slowFraction: 0.2,
  /**
   * Warm-up of the slow-consumer phase's stressful window: long enough for the unread sockets to fill
   * their kernel buffers (about 4 MB each on loopback), so the gateway's own queues are what is tested.
   */
  slowWarmupMs: Number(process.env.BENCH_FANOUT_SLOW_WARMUP_MS ?? 30_000),
  /** Clients of the slow-consumer phase (gateway only). */
  slowClients: 1_000,
  /** Clients of the deflate pair: the JSON gateway's, then the same count offering permessage-deflate. */
  deflateClients: numbers(process.env.BENCH_FANOUT_DEFLATE_CLIENTS, [1_000])[0] ?? 1_000,
  /** Sampled connections of the deflate pair that also verify their book (seq and checksum of every delta). */
  checkedConnections: 3,
  /**
   * Phases to run: `gateway`, `gateway-stomp` (the gateway with STOMP clients), `socketio`, `bare` (each
   * at every client count), `slow` (the JSON gateway with a fifth not reading), `deflate` (the JSON
   * gateway's clients without, then with permessage-deflate, back to back).
   */
  phases: (process.env.BENCH_FANOUT_PHASES ?? 'gateway,gateway-stomp,socketio,bare,slow,deflate').split(','),
};
