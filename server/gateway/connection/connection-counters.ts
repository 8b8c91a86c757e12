// Counts of what the gateway did to its connections since it started, for `stats()` and tests.

/** Event counters since the gateway started. */
export interface ConnectionCounters {
  conflations: number;
  slowConsumerCloses: number;
  floodCloses: number;
  heartbeatTerminations: number;
  refusedHandshakes: number;
}

/** Fresh zeroed counters. */
export function createCounters(): ConnectionCounters {
  return { conflations: 0, slowConsumerCloses: 0, floodCloses: 0, heartbeatTerminations: 0, refusedHandshakes: 0 };
}
