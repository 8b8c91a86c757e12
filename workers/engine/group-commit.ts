// Group commit of queue entries: every entry handed over before the engine's serial queue gets to
// them is handled as one batch, in arrival order (a run of orders is one write), and each entry's
// promise settles with it (the consumer acknowledges the resolved ones together). If the batch fails,
// or its events could not all be published, each entry is retried alone, so one bad entry cannot hold
// back the others; a retry of an entry whose write committed finds its order and replays its answer.
import type { QueueEntry } from '../../lib/broker/broker.ts';
import { getEngineMetrics, observeBatch } from './engine-metrics.ts';
import type { OrderEntryHandler } from './order-entry-handler.ts';
import type { SerialQueue } from './serial-queue.ts';

interface Waiting {
  entry: QueueEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitHooks {
  /** Called when a batch fell back to single entries (for logs). */
  onBatchFailed?: (error: unknown, size: number) => void;
  /** Awaited before each batch is taken, on the serial queue (e.g. while a book resyncs). Never rejects. */
  whenReady?: () => Promise<void>;
}

/** Collects entries and commits them in batches on the serial queue. */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private isFlushQueued = false;

  constructor(
    private readonly serial: SerialQueue,
    private readonly handler: OrderEntryHandler,
    private readonly hooks: GroupCommitHooks = {},
  ) {}

  /** Queues an entry; resolves once it is committed and its events published, rejects to leave it pending. */
  submit(entry: QueueEntry): Promise<void> {
    const release = getEngineMetrics().hold(entry.id);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      if (this.isFlushQueued) return;
      this.isFlushQueued = true;
      // A flush never rejects: each entry's own promise carries its failure.
      void this.serial.run(() => this.flush());
    }).finally(release);
  }

  private async flush(): Promise<void> {
    await this.hooks.whenReady?.();
    const batch = this.waiting;
    this.waiting = [];
    this.isFlushQueued = false;
    observeBatch(batch.map((w) => w.entry.id));
    if (batch.length > 1) {
      try {
        await this.handler.handleBatch(batch.map((w) => w.entry));
        for (const w of batch) w.resolve();
        return;
      } catch (error) {
        this.hooks.onBatchFailed?.(error, batch.length);
      }
    }
    for (const w of batch) {
      try {
        await this.handler.handleOne(w.entry);
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
