// Metrics of the index fan-out, on the process registry (/metrics), so leaks show from outside:
// clients attached to the hub, broker subscriptions it holds, slow clients dropped.
import { Counter, Gauge } from 'prom-client';
import { getMetrics } from '../../../lib/metrics.ts';
import { processScoped } from '../../../lib/process-scoped.ts';

/** What the hub reports about itself. */
export interface HubStats {
  clients: number;
  brokerSubscriptions: number;
}

interface SseMetrics {
  droppedClients: Counter;
  /** Points the gauges at the process's hub. */
  watch(stats: () => HubStats): void;
}

/** The fan-out metrics, created on first use, once per process (lib/process-scoped.ts). */
export function getSseMetrics(): SseMetrics {
  return processScoped('sseMetrics', createSseMetrics);
}

function createSseMetrics(): SseMetrics {
  const { registry } = getMetrics();
  let stats: () => HubStats = () => ({ clients: 0, brokerSubscriptions: 0 });
  new Gauge({
    name: 'tickwire_index_hub_clients',
    help: 'SSE streams and long polls attached to the index hub',
    registers: [registry],
    collect() {
      this.set(stats().clients);
    },
  });
  new Gauge({
    name: 'tickwire_index_hub_broker_subscriptions',
    help: 'Broker subscriptions held by the index hub (at most 1 per process)',
    registers: [registry],
    collect() {
      this.set(stats().brokerSubscriptions);
    },
  });
  return {
    droppedClients: new Counter({ name: 'tickwire_sse_dropped_clients_total', help: 'SSE clients dropped for not reading', registers: [registry] }),
    watch(next) {
      stats = next;
    },
  };
}
