// Runs the session pruning of the web role: once at start, then every SESSION_PRUNE_INTERVAL_MS. Each
// web node runs its own; the deletes are idempotent, so overlapping runs only find less to delete.
import type { Logger } from '../../lib/log.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { pruneSessions } from '../../lib/session/session-pruning.ts';

/** A running pruner. */
export class SessionPruner {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  private isClosed = false;

  constructor(private readonly runtime: Pick<Runtime, 'db' | 'config' | 'logger'>) {
    this.timer = setInterval(() => this.runOnce(), runtime.config.sessionPruneIntervalMs);
    this.timer.unref();
    this.runOnce();
  }

  /** Stops the schedule and waits for a run in progress. */
  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.timer);
    await this.running;
  }

  private runOnce(): void {
    // A slow database must not stack runs up.
    if (this.isClosed || this.running !== undefined) return;
    const { db, config, logger } = this.runtime;
    this.running = pruneSessions(db.prisma, config.session)
      .then((counts) => logCounts(logger, counts))
      .catch((error: unknown) => logger.warn({ err: error }, 'session pruning failed; retried at the next interval'))
      .finally(() => {
        this.running = undefined;
      });
  }
}

function logCounts(logger: Logger, counts: { sessions: number; accounts: number }): void {
  logger.info({ sessions: counts.sessions, accounts: counts.accounts }, 'expired sessions and orphaned demo accounts pruned');
}
