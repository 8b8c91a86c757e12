// The account limits the engine enforces, in one place so tests and docs can name them.

/** Per-account limits; each breach has its own reject code. */
export interface EngineLimits {
  /** Resting (open or partially filled) orders per account: TOO_MANY_OPEN_ORDERS beyond it. */
  maxOpenOrders: number;
  /** A limit price may be at most this far from the mid, in basis points: INVALID_PRICE beyond it. */
  priceBandBps: number;
  /**
   * Orders placed per second per account, and the burst allowed on top: RATE_LIMITED beyond it. Only a
   * backstop: the gateway spends every order op's budget first (ORDER_OPS_PER_SECOND, ORDER_OPS_BURST),
   * and the engine derives these from that budget loose enough never to refuse what it let through
   * (lib/limits/order-budget.ts, engineBackstop).
   */
  opsPerSecond: number;
  opsBurst: number;
}

/** 50 resting orders, a ±10 % price band, and the backstop of the default budget (20 ops/s, bursts of 100): 20/s with bursts of 200. */
export const DEFAULT_ENGINE_LIMITS: EngineLimits = { maxOpenOrders: 50, priceBandBps: 1000, opsPerSecond: 20, opsBurst: 200 };
