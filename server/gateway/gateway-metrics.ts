// The gateway's Prometheus series on the process registry (/metrics): what slow and flooding clients
// cost, how often a book had to be rebuilt, and what went out on the wire.
import { Counter } from 'prom-client';
import { getMetrics } from '../../lib/metrics.ts';
import { processScoped } from '../../lib/process-scoped.ts';

/** The gateway's counters; every series exists at zero once the gateway starts. */
export interface GatewayMetrics {
  /** A congested socket's book switched to conflated snapshots instead of buffering deltas. */
  conflations: Counter;
  slowConsumerCloses: Counter<'reason'>;
  floodCloses: Counter;
  /** A book mirror rebuilt from a fresh snapshot: `chain` (gap, checksum, bad delta) or `broker` (reconnected). */
  bookResyncs: Counter<'cause'>;
  framesOut: Counter;
  bytesOut: Counter;
  /** Frames written compressed (permessage-deflate), each compressed once for every socket that gets it. */
  deflatedFramesOut: Counter;
}

/** The gateway's metrics, created on first use, once per process (lib/process-scoped.ts). */
export function getGatewayMetrics(): GatewayMetrics {
  return processScoped('gatewayMetrics', createGatewayMetrics);
}

/** Bytes a text frame of `payloadBytes` takes on the wire, unmasked (RFC 6455 §5.2: 2, 4 or 10 header bytes). */
export function wireBytesOf(payloadBytes: number): number {
  return payloadBytes + (payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10);
}

function createGatewayMetrics(): GatewayMetrics {
  const { registry } = getMetrics();
  const registers = [registry];
  const metrics: GatewayMetrics = {
    conflations: new Counter({ name: 'tickwire_gateway_slow_consumer_conflations_total', help: 'Book subscriptions conflated because their socket fell behind', registers }),
    slowConsumerCloses: new Counter({ name: 'tickwire_gateway_slow_consumer_closes_total', help: 'Sockets closed for not reading (hard-limit: queue too big, too-slow: congested too long)', labelNames: ['reason'], registers }),
    floodCloses: new Counter({ name: 'tickwire_gateway_flood_closes_total', help: 'Sockets closed for sending faster than the rate limit, again and again', registers }),
    bookResyncs: new Counter({ name: 'tickwire_gateway_book_resyncs_total', help: 'Book mirrors rebuilt from a fresh snapshot (chain: gap, checksum or bad delta; broker: reconnected)', labelNames: ['cause'], registers }),
    framesOut: new Counter({ name: 'tickwire_gateway_frames_out_total', help: 'WebSocket frames written to clients', registers }),
    bytesOut: new Counter({ name: 'tickwire_gateway_bytes_out_total', help: 'WebSocket bytes written to clients, frame headers included', registers }),
    deflatedFramesOut: new Counter({ name: 'tickwire_gateway_deflated_frames_out_total', help: 'WebSocket frames written compressed (permessage-deflate), included in frames out', registers }),
  };
  for (const reason of ['hard-limit', 'too-slow']) metrics.slowConsumerCloses.inc({ reason }, 0);
  for (const cause of ['chain', 'broker']) metrics.bookResyncs.inc({ cause }, 0);
  return metrics;
}
