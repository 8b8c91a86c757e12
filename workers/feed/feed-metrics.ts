// The feed's Prometheus series on the process registry (/metrics): deltas it got onto the broker
// (a silent feed shows as a flat line), and the resyncs around it.
import { Counter } from 'prom-client';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { getMetrics } from '../../lib/metrics.ts';
import type { ResyncReason } from './sources/binance/depth-sync.ts';
import { processScoped } from '../../lib/process-scoped.ts';

/** The feed's counters; every labelled series exists at zero once the feed starts. */
export interface FeedMetrics {
  /** Deltas the broker accepted, by symbol; per second is `rate()`. */
  deltasPublished: Counter<'symbol'>;
  /** A reader (gateway or engine mirror) resyncing asked for a fresh snapshot. */
  snapshotRequests: Counter;
  /** The source rebuilt a symbol's book from a venue snapshot (Binance), by reason. */
  sourceResyncs: Counter<'reason'>;
}

const RESYNC_REASONS: readonly ResyncReason[] = ['GAP', 'STALE_SNAPSHOT', 'BAD_INPUT', 'BUFFER_FULL', 'DISCONNECTED'];

/** The feed's metrics, created on first use, once per process (lib/process-scoped.ts). */
export function getFeedMetrics(): FeedMetrics {
  return processScoped('feedMetrics', createFeedMetrics);
}

function createFeedMetrics(): FeedMetrics {
  const { registry } = getMetrics();
  const registers = [registry];
  const metrics: FeedMetrics = {
    deltasPublished: new Counter({ name: 'tickwire_feed_deltas_published_total', help: 'Book deltas published to the broker', labelNames: ['symbol'], registers }),
    snapshotRequests: new Counter({ name: 'tickwire_feed_snapshot_requests_total', help: 'Fresh book snapshots asked for by resyncing readers', registers }),
    sourceResyncs: new Counter({ name: 'tickwire_feed_source_resyncs_total', help: "Books rebuilt from the venue's snapshot, by reason", labelNames: ['reason'], registers }),
  };
  for (const { symbol } of INSTRUMENTS) metrics.deltasPublished.inc({ symbol }, 0);
  for (const reason of RESYNC_REASONS) metrics.sourceResyncs.inc({ reason }, 0);
  return metrics;
}
