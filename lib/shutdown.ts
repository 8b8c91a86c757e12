// Graceful shutdown: on SIGINT/SIGTERM run the registered closers phase by phase (stop accepting,
// close client connections, stop workers, close storage), then exit; force the exit after a deadline.
import type { Logger } from './log.ts';

/** Shutdown phases, in the order they run. */
export const SHUTDOWN_PHASES = ['listeners', 'connections', 'workers', 'storage'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

type Closer = { name: string; phase: ShutdownPhase; close: () => Promise<void> | void };

/** Collects what must be closed and runs it once when the process is asked to stop. */
export class Shutdown {
  private readonly closers: Closer[] = [];
  private isStopping = false;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** Registers a closer to run in the given phase; closers of one phase run concurrently. */
  add(phase: ShutdownPhase, name: string, close: Closer['close']): void {
    this.closers.push({ name, phase, close });
  }

  /** Handles SIGINT and SIGTERM for this process. */
  listen(): void {
    process.once('SIGINT', () => void this.run('SIGINT'));
    process.once('SIGTERM', () => void this.run('SIGTERM'));
  }

  /** Closes everything and exits with `exitCode`. */
  async run(reason: string, exitCode = 0): Promise<void> {
    if (this.isStopping) return;
    this.isStopping = true;
    this.logger.info({ reason }, 'shutting down');
    const deadline = setTimeout(() => {
      this.logger.error({ timeoutMs: this.timeoutMs }, 'shutdown timed out, exiting anyway');
      process.exit(1);
    }, this.timeoutMs);
    deadline.unref();
    for (const phase of SHUTDOWN_PHASES) {
      await Promise.all(this.closers.filter((c) => c.phase === phase).map((c) => this.runCloser(c)));
    }
    this.logger.info('shutdown complete');
    clearTimeout(deadline);
    // pino writes synchronously to stdout by default, so nothing is lost by exiting here.
    process.exit(exitCode);
  }

  private async runCloser(closer: Closer): Promise<void> {
    try {
      await closer.close();
    } catch (error) {
      this.logger.warn({ err: error, closer: closer.name }, 'closer failed during shutdown');
    }
  }
}
