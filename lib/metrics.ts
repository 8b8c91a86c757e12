// Prometheus metrics for every role. The registry is process-scoped (lib/process-scoped.ts): Next
// bundles its own copy of this module for route handlers, and both copies must count into one registry.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { processScoped } from './process-scoped.ts';

/** The metrics every process exposes at /metrics. */
export interface Metrics {
  registry: Registry;
  connections: Gauge<'transport'>;
  messagesIn: Counter<'transport'>;
  messagesOut: Counter<'transport'>;
  brokerLagSeconds: Histogram<'channel'>;
  brokerUp: Gauge;
  badInput: Counter<'source' | 'reason'>;
  /** Connections turned away by a limit: `transport` ws (JSON and STOMP handshakes on /ws), socketio, sse or longpoll; `reason` node-full, address-full or handshake-rate. */
  refusedConnections: Counter<'transport' | 'reason'>;
}

/** The process's metrics, created on first use. */
export function getMetrics(): Metrics {
  return processScoped('metrics', createMetrics);
}

/** The transports whose series exist from the start, so dashboards see zeros rather than gaps. */
const TRANSPORTS = ['ws', 'stomp', 'socketio', 'sse', 'poll', 'longpoll'] as const;

/** The limits that turn connections away, by transport; their series start at zero. */
const REFUSALS: readonly (readonly [transport: string, reason: string])[] = [
  ['ws', 'node-full'],
  ['ws', 'address-full'],
  ['ws', 'handshake-rate'],
  ['socketio', 'node-full'],
  ['socketio', 'address-full'],
  ['socketio', 'handshake-rate'],
  ['sse', 'node-full'],
  ['longpoll', 'node-full'],
];

function createMetrics(): Metrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds and friends.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const metrics: Metrics = {
    registry,
    connections: new Gauge({ name: 'tickwire_connections', help: 'Open client connections', labelNames: ['transport'], registers: [registry] }),
    messagesIn: new Counter({ name: 'tickwire_messages_in_total', help: 'Messages received from clients', labelNames: ['transport'], registers: [registry] }),
    messagesOut: new Counter({ name: 'tickwire_messages_out_total', help: 'Messages sent to clients', labelNames: ['transport'], registers: [registry] }),
    brokerLagSeconds: new Histogram({
      name: 'tickwire_broker_lag_seconds',
      help: 'Time from publish to receipt through the broker',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    brokerUp: new Gauge({ name: 'tickwire_broker_up', help: '1 while the broker connection is ready', registers: [registry] }),
    badInput: new Counter({ name: 'tickwire_bad_input_total', help: 'Rejected messages from clients or sources', labelNames: ['source', 'reason'], registers: [registry] }),
    refusedConnections: new Counter({
      name: 'tickwire_refused_connections_total',
      help: 'Connections turned away by a limit (node-full: MAX_SOCKETS or MAX_STREAMS, address-full: sockets per address, handshake-rate: HANDSHAKE_RATE)',
      labelNames: ['transport', 'reason'],
      registers: [registry],
    }),
  };
  for (const [transport, reason] of REFUSALS) metrics.refusedConnections.inc({ transport, reason }, 0);
  for (const transport of TRANSPORTS) {
    metrics.connections.set({ transport }, 0);
    metrics.messagesIn.inc({ transport }, 0);
    metrics.messagesOut.inc({ transport }, 0);
  }
  return metrics;
}
