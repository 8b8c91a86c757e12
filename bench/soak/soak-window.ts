// The soak's windows: which figures a window keeps, how the samples taken in it become one value per
// figure, and what one window holds.
import type { OrderCounts } from './order-tally.ts';
import type { SeqCounts } from './seq-tally.ts';

/**
 * One figure held to its baseline. `peak`: the highest of the samples taken in the window (RSS,
 * descriptors, sockets, Redis memory); `end`: one reading at the window's end, for what costs too much
 * to read often: V8's heap used after a full GC (only what is alive, which is what a leak raises;
 * without the GC every scavenge swings it by megabytes) and the run's Redis keys.
 */
export interface LevelMetric {
  key: string;
  /** The table's column; metrics that share one are shown side by side ("a / b"). */
  column: string;
  unit: 'MB' | 'KB' | 'count';
  reading: 'peak' | 'end';
}

/** The subscribers' figures of one window, summed over every client. */
export interface BookWindow extends SeqCounts {
  /** Clients subscribed at the window's end, and clients then in a reconnect they were told to make. */
  subscribed: number;
  reconnecting: number;
  /** Reconnects finished in the window, those resumed by replay (the rest got a snapshot), and the longest, close to live. */
  reconnects: number;
  replayResumes: number;
  reconnectMaxMs: number;
  /** Checksum mismatches and bad snapshots on the clients that rebuild their book. */
  checksumProblems: number;
  /** Closes the clients did not ask for, by close code. */
  serverCloses: Record<string, number>;
}

/** One window of the time series. */
export interface SoakWindow {
  index: number;
  /** Seconds from the load's start to the window's end, and the window's length. */
  endS: number;
  seconds: number;
  /** The machine's 1-minute load average at the window's end (2 cores: above 2, processes wait). */
  load1m: number;
  /** One value per level metric (bytes, or a count). */
  levels: Record<string, number>;
  /** Deltas the feed published on the subscribed book in the window. */
  published: number;
  books: BookWindow;
  /** `waiting`: orders sent and not yet answered at the window's end. */
  orders: OrderCounts & { waiting: number };
  /** Share of one core in the window. */
  cpuPercent: { loadgen: number; gateways: number; engine: number; feed: number };
}

/** The peak of each `peak` metric over the samples of one window (each a reading of some metrics); metrics never read are left out. */
export function peaksOf(samples: Record<string, number>[], metrics: readonly LevelMetric[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const metric of metrics) {
    if (metric.reading !== 'peak') continue;
    const readings = samples.flatMap((sample) => (sample[metric.key] === undefined ? [] : [sample[metric.key] as number]));
    if (readings.length > 0) values[metric.key] = Math.max(...readings);
  }
  return values;
}

/** A value in the metric's unit, for a table. */
export function formatLevel(metric: LevelMetric, value: number | undefined): string {
  if (value === undefined) return '-';
  if (metric.unit === 'MB') return (value / (1024 * 1024)).toFixed(1);
  if (metric.unit === 'KB') return (value / 1024).toFixed(1);
  return String(Math.round(value));
}
