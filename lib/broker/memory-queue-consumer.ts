// One memory queue consumer: the same delivery order as the Redis one, driven by polling and wake-ups.
import { compareStreamIds, type ConsumeOptions, type QueueConsumer, type QueueEntry, type QueueHandler } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import type { MemoryQueue } from './memory-queue.ts';

const MAX_QUEUE_POLL_MS = 1000;

/** One running consumer: own pending first, then stale entries of others, then new ones. */
export class MemoryQueueConsumer implements QueueConsumer {
  private isRunning = true;
  private wakeUp: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly batchSize: number;
  private readonly pollMs: number;

  constructor(
    private readonly queue: MemoryQueue,
    private readonly options: ConsumeOptions,
    private readonly handler: QueueHandler,
    private readonly logger: BrokerLogger,
  ) {
    this.batchSize = options.batchSize ?? 10;
    this.pollMs = Math.max(10, Math.min(MAX_QUEUE_POLL_MS, options.claimIdleMs / 2));
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    const group = this.queue.group(this.options.group);
    const { consumer, claimIdleMs } = this.options;
    // The group exists from here on; handlers start on a later tick, never inside `consume()`.
    await Promise.resolve();
    for (let cursor = '0-0'; this.isRunning; ) {
      const afterId = cursor;
      const own = group.redeliver(consumer, this.batchSize, (p) => p.consumer === consumer && compareStreamIds(p.entry.id, afterId) > 0);
      if (own.length === 0) break;
      await this.process(own);
      cursor = own.at(-1)?.id ?? cursor;
    }
    while (this.isRunning) {
      const idleSinceMs = Date.now() - claimIdleMs;
      const stale = group.redeliver(consumer, this.batchSize, (p) => p.deliveredAtMs <= idleSinceMs);
      const batch = stale.length > 0 ? stale : this.queue.takeNew(group, consumer, this.batchSize);
      if (batch.length > 0) await this.process(batch);
      else await this.idle();
    }
  }

  private async process(batch: QueueEntry[]): Promise<void> {
    const group = this.queue.group(this.options.group);
    if (this.options.isBatched === true) {
      if (!this.isRunning) return;
      const results = await Promise.allSettled(batch.map((entry) => this.handler(entry)));
      for (const [index, result] of results.entries()) {
        const id = batch[index]?.id;
        if (id === undefined) continue;
        if (result.status === 'fulfilled') group.pending.delete(id);
        else this.logger.warn({ err: result.reason, id, group: this.options.group }, 'queue handler failed; entry left pending');
      }
      return;
    }
    for (const entry of batch) {
      // Entries left in the batch stay pending under this name and come back first on restart.
      if (!this.isRunning) return;
      try {
        await this.handler(entry);
        group.pending.delete(entry.id);
      } catch (error) {
        this.logger.warn({ err: error, id: entry.id, group: this.options.group }, 'queue handler failed; entry left pending');
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.queue.wakers.delete(finish);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.pollMs);
      this.queue.wakers.add(finish);
      this.wakeUp = finish;
    });
  }
}
