// What GET /api/system reports about the running system, for the lab's diagram.

/** The processes and services behind the page, as this web node sees them. */
export interface SystemView {
  /** The web node that answered (this browser's node for HTTP, SSE and polling). */
  webNode: string;
  role: string;
  /** `embedded`: one process does everything; `distributed`: feed, engine, gateways and web nodes apart. */
  mode: 'embedded' | 'distributed';
  broker: 'memory' | 'redis' | 'redis-cluster';
  database: 'pglite' | 'postgresql';
}
