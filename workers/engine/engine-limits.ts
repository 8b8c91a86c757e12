// The account limits the engine enforces, in one place so tests and docs can name them.

/** Per-account limits; each breach has its own reject code. */
export interface EngineLimits {
  /** Resting (open or partially filled) orders per account: TOO_MANY_OPEN_ORDERS beyond it. */
  maxOpenOrders: number;
  /** A limit price may be at most this far from the mid, in basis points: INVALID_PRICE beyond it. */
  priceBandBps: number;
  /** Sustained order ops per second per account, and the burst allowed on top: RATE_LIMITED beyond it. */
  opsPerSecond: number;
  opsBurst: number;
}

/** 50 resting orders, a ±10 % price band, 10 ops/s with bursts of 20. */
export const DEFAULT_ENGINE_LIMITS: EngineLimits = { maxOpenOrders: 50, priceBandBps: 1000, opsPerSecond: 10, opsBurst: 20 };
