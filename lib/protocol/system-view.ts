// What GET /api/system reports about the running system, for the lab's diagram.

/** The processes and services behind the page, as this web node sees them. */
export interface SystemView {
  /** The web node that answered (this browser's node for HTTP, SSE and polling). */
  webNode: string;
  role: string;
  /** `embedded`: one process does everything; `distributed`: feed, engine, gateways and web nodes apart. */
  mode: 'embedded' | 'distributed';
  /** The broker kind: in-process, one Redis, a Redis Cluster, or NATS with JetStream. */
  broker: 'memory' | 'redis' | 'redis-cluster' | 'nats';
  database: 'pglite' | 'postgresql';
  /** Who leads each active/standby role now; null while nobody holds its lease (a takeover under way). */
  leaders: { feed: LeaderView | null; engine: LeaderView | null };
}

/** The process holding a role's lease, and its term. */
export interface LeaderView {
  node: string;
  /** The term's fencing token (the feed's epoch), as a decimal string. */
  token: string;
  /** When the term began, ms since the epoch. */
  since: number;
}
