// What the soak runs; every figure can be overridden from the environment for a short run, e.g.
// BENCH_SOAK_MINUTES=3 BENCH_SOAK_BASELINE_MINUTES=1 BENCH_SOAK_CLIENTS=200 npm run bench -- soak

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

const env = process.env;

/** The soak's shape. */
export const SOAK_SETTINGS = {
  /** How long the load runs. */
  minutes: positive(env.BENCH_SOAK_MINUTES, 30),
  /** The first minutes, whose windows set the level every later window is held to. */
  baselineMinutes: positive(env.BENCH_SOAK_BASELINE_MINUTES, 5),
  /** Book subscribers, split evenly over the gateways. */
  clients: Math.round(positive(env.BENCH_SOAK_CLIENTS, 1_000)),
  /** Book deltas per second on the subscribed book (BTC-USD). */
  rate: positive(env.BENCH_SOAK_RATE, 100),
  /** Market orders per second over all order users. */
  ordersPerSecond: positive(env.BENCH_SOAK_ORDERS, 50),
  /** Order users (one socket each): 50 orders/s over 25 stays far under the per-user and per-socket limits. */
  orderUsers: Math.round(positive(env.BENCH_SOAK_ORDER_USERS, 25)),
  /** One row of the time series; each is the reduction of the samples taken in it. */
  windowSeconds: positive(env.BENCH_SOAK_WINDOW_SECONDS, 30),
  /** How often, within a window, process memory and the gateways' heaps are read. */
  sampleSeconds: positive(env.BENCH_SOAK_SAMPLE_SECONDS, 5),
  /** Every this often a share of the clients (round-robin) closes and reconnects. */
  reconnectEverySeconds: positive(env.BENCH_SOAK_RECONNECT_SECONDS, 60),
  reconnectFraction: Math.min(1, positive(env.BENCH_SOAK_RECONNECT_FRACTION, 0.2)),
  /** A later window within this share of the baseline's mean is "no growth". */
  tolerance: 0.1,
  symbol: 'BTC-USD',
  depth: 50,
  /** Subscribers that also check every delta's checksum on a rebuilt book (JSON parsing costs; the rest check seq only). */
  checkedClients: 10,
  /** Loopback source addresses the subscribers are spread over: the gateway holds at most 50 sockets per address. */
  sourceAddresses: 250,
  /** How long, after the load stops, unanswered orders are waited for before they count as lost. */
  drainSeconds: 30,
};

export type SoakSettings = typeof SOAK_SETTINGS;
