// The web role's process-wide services — the index hub every SSE stream and long poll shares, the
// lab's drop watch and the session pruner — built once by bin/ when the role starts and kept on the process runtime,
// where route handlers find them (Next bundles its own copies of modules: a module-level instance
// would exist twice, once per copy).
import type { Broker } from '../../lib/broker/broker.ts';
import { getRuntime, type Runtime } from '../../lib/runtime.ts';
import { LabDropWatch } from '../lab/drop-watch.ts';
import { SessionPruner } from './session-pruner.ts';
import { IndexHub } from './sse/index-hub.ts';
import { getSseMetrics } from './sse/sse-metrics.ts';
import { StreamSlots } from './sse/stream-slots.ts';

/** What the web role's route handlers share within one process. */
export interface WebServices {
  readonly indexHub: IndexHub;
  readonly labDrops: LabDropWatch;
  /** The node's ceiling on SSE streams and long polls together (MAX_STREAMS). */
  readonly streamSlots: StreamSlots;
  /** Deletes expired sessions and orphaned demo accounts, at start and periodically. */
  readonly sessionPruner: SessionPruner;
}

/** A runtime whose process runs the web role. */
export interface WebRuntime extends Runtime {
  readonly web: WebServices;
}

/** Builds the services and installs them on the runtime; called by bin/ as the web role starts. */
export function startWebServices(runtime: Runtime): WebServices {
  const web = { ...createWebServices(runtime.broker), streamSlots: new StreamSlots(runtime.config.limits.maxStreams), sessionPruner: new SessionPruner(runtime) };
  Object.assign(runtime, { web });
  return web;
}

function createWebServices(broker: Broker): Omit<WebServices, 'sessionPruner' | 'streamSlots'> {
  const indexHub = new IndexHub(broker);
  getSseMetrics().watch(() => ({ clients: indexHub.size, brokerSubscriptions: indexHub.brokerSubscriptions }));
  return { indexHub, labDrops: new LabDropWatch(broker) };
}

/** The runtime of a process that runs the web role; throws where it does not (a route served by plain `next start`). */
export function getWebRuntime(): WebRuntime {
  const runtime = getRuntime();
  if (!isWebRuntime(runtime)) throw new Error('the web role is not running in this process: start it with `npm start` (bin/tickwire.ts)');
  return runtime;
}

function isWebRuntime(runtime: Runtime): runtime is WebRuntime {
  return 'web' in runtime && runtime.web instanceof Object;
}
