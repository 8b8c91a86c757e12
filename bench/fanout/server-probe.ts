// What every measured server process answers over IPC. CPU and memory are read from /proc by the
// orchestrator (process-meter.ts); here only what needs the server's own hands: a GC, its counters.
import type { Handlers } from './ipc.ts';

/** The commands of a measured server. */
export interface ServerApi {
  /** Collects garbage (twice, so what the first pass freed is gone), before an idle-memory reading. */
  gc: { args: null; result: null };
  /** Server-specific counters (the gateway's slow-consumer closes, ...). */
  counters: { args: null; result: Record<string, number> };
}

/** What a server process reports when it is up. */
export interface ServerInfo {
  port: number;
}

/** The handlers to `serve`. */
export function serverProbe(counters: () => Record<string, number> = () => ({})): Handlers<ServerApi> {
  return {
    gc: () => {
      globalThis.gc?.();
      globalThis.gc?.();
      return null;
    },
    counters,
  };
}
