// The process-wide services (config, logger, broker, database) shared by the custom server and the
// Next.js route handlers, built once by bin/ and process-scoped (lib/process-scoped.ts): Next
// bundles its own copy of modules for route handlers.
import type { Broker } from './broker/broker.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Logger } from './log.ts';
import { processScoped } from './process-scoped.ts';

/** What a route handler or a role needs from its process. */
export interface Runtime {
  config: Config;
  logger: Logger;
  broker: Broker;
  db: Database;
  /** When this process started serving, for /healthz. */
  startedAt: number;
}

const installed = (): { runtime?: Runtime } => processScoped('runtime', () => ({}));

/** Installs the runtime; called once by the process entry point. */
export function setRuntime(runtime: Runtime): void {
  installed().runtime = runtime;
}

/** The runtime installed by the entry point; throws if the app was started without it (e.g. plain `next start`). */
export function getRuntime(): Runtime {
  const { runtime } = installed();
  if (!runtime) throw new Error('Tickwire runtime is not initialised: start the app with `npm start` (bin/tickwire.ts), not `next start`');
  return runtime;
}
