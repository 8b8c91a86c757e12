// One Redis queue consumer: the loop that recovers, claims, reads, acknowledges and trims a consumer group.
import type { ConsumeOptions, QueueConsumer, QueueEntry, QueueHandler, StreamEntry } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import { disconnect, reconnectDelayMs, type RedisClient } from './redis-connections.ts';
import { ensureGroup } from './redis-ensure-group.ts';
import { trimAcknowledged } from './redis-queue-trim.ts';
import { errorMessage, parseDeliveries, parseEntries, parseGroupRead } from './redis-replies.ts';

const MAX_BLOCK_MS = 1000;
// Checked once per loop turn (at least every MAX_BLOCK_MS), so a trim is late by at most one blocking read.
// The queue's bound (ORDER_QUEUE_MAX, checked against XLEN) counts acknowledged entries until they are
// trimmed: every 5 s capped a 10,000 bound at 2,000 orders/s whatever the engine's speed (bench
// orders-floor); every second lifts that to 10,000/s, for one small script a second.
export const DEFAULT_TRIM_INTERVAL_MS = 1000;
const STOPPED = Symbol('stopped');

// Short blocks keep the stale-entry check regular; stop() does not wait for them (see `untilStopped`).
function blockMsFor(options: ConsumeOptions): number {
  return Math.max(10, Math.min(MAX_BLOCK_MS, options.claimIdleMs));
}

/** What a consumer needs: the shared command connection, its own blocking reader, the queue and the handler. */
export interface ConsumerContext {
  command: RedisClient;
  reader: RedisClient;
  key: string;
  options: ConsumeOptions;
  handler: QueueHandler;
  logger: BrokerLogger;
}

/** One consumer of a group: own pending entries, then stale ones (XAUTOCLAIM), then new ones (XREADGROUP BLOCK); trims as it goes. */
export class RedisQueueConsumer implements QueueConsumer {
  private isRunning = true;
  /** Ends the current wait (a blocking read or a backoff pause) early; set only while waiting. */
  private interruptWait: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly batchSize: number;
  private readonly trimIntervalMs: number;
  private lastTrimAtMs = 0;
  /** How often stale entries are looked for: as often as a blocking read may last. */
  private readonly claimIntervalMs: number;
  private lastClaimAtMs = 0;
  /** Acknowledgements sent and not yet answered; the loop does not wait for them, stop() does. */
  private readonly pendingAcks = new Set<Promise<void>>();

  constructor(private readonly context: ConsumerContext) {
    this.batchSize = context.options.batchSize ?? 10;
    this.trimIntervalMs = context.options.trimIntervalMs ?? DEFAULT_TRIM_INTERVAL_MS;
    this.claimIntervalMs = blockMsFor(context.options);
    this.done = this.run().finally(() => disconnect(context.reader));
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    this.interruptWait?.();
    await this.done;
    await Promise.all(this.pendingAcks);
  }

  private async run(): Promise<void> {
    const { command, key, options, logger } = this.context;
    let hasRecoveredOwn = false;
    let claimCursor = '0-0';
    for (let failures = 0; this.isRunning; ) {
      try {
        if (!hasRecoveredOwn) hasRecoveredOwn = await this.recoverOwn();
        // A claim scan is one more round trip before every read: only when due, or to finish a scan.
        if (claimCursor !== '0-0' || Date.now() - this.lastClaimAtMs >= this.claimIntervalMs) {
          this.lastClaimAtMs = Date.now();
          claimCursor = await this.claimStale(claimCursor);
        }
        await this.readNew();
        failures = 0;
        await this.trimIfDue();
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, queue: key, group: options.group, failures }, 'queue read failed; retrying');
        // The stream or group was deleted under us: recreate it rather than fail forever.
        if (errorMessage(error).startsWith('NOGROUP')) await ensureGroup(command, key, options.group).catch(() => {});
        await this.pause(reconnectDelayMs(failures));
      }
    }
  }

  /** Re-reads this consumer's own pending entries (a restart with the same name); true once done. */
  private async recoverOwn(): Promise<boolean> {
    const { command, key, options } = this.context;
    for (let cursor = '0'; this.isRunning; ) {
      const raw: unknown = await command.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', this.batchSize, 'STREAMS', key, cursor);
      const entries = parseGroupRead(raw);
      const last = entries.at(-1);
      if (!last) return true;
      await this.process(await this.withDeliveries(entries));
      cursor = last.id;
    }
    return false;
  }

  private async claimStale(cursor: string): Promise<string> {
    const { command, key, options } = this.context;
    const [next, raw] = await command.xautoclaim(key, options.group, options.consumer, options.claimIdleMs, cursor, 'COUNT', this.batchSize);
    const entries = parseEntries(raw);
    if (entries.length > 0) await this.process(await this.withDeliveries(entries));
    return typeof next === 'string' ? next : '0-0';
  }

  private async readNew(): Promise<void> {
    const { reader, key, options } = this.context;
    const read = reader.xreadgroup('GROUP', options.group, options.consumer, 'COUNT', this.batchSize, 'BLOCK', this.claimIntervalMs, 'STREAMS', key, '>');
    const raw: unknown = await this.untilStopped(read);
    if (raw === STOPPED) return;
    await this.process(parseGroupRead(raw).map((entry) => ({ ...entry, deliveries: 1 })));
  }

  /** Removes entries every group has acknowledged, at most once per interval; a failure costs only a warning. */
  private async trimIfDue(): Promise<void> {
    const { command, key, options, logger } = this.context;
    const nowMs = Date.now();
    if (!this.isRunning || nowMs - this.lastTrimAtMs < this.trimIntervalMs) return;
    this.lastTrimAtMs = nowMs;
    try {
      await trimAcknowledged(command, key);
    } catch (error) {
      logger.warn({ err: error, queue: key, group: options.group }, 'queue trim failed; will retry');
    }
  }

  private async withDeliveries(entries: StreamEntry[]): Promise<QueueEntry[]> {
    const { command, key, options } = this.context;
    const pipeline = command.pipeline();
    for (const { id } of entries) pipeline.xpending(key, options.group, id, id, 1);
    const replies = (await pipeline.exec()) ?? [];
    return entries.map((entry, index) => ({ ...entry, deliveries: parseDeliveries(replies[index]?.[1]) }));
  }

  private async process(entries: QueueEntry[]): Promise<void> {
    if (this.context.options.isBatched === true) return this.processBatch(entries);
    const { command, key, options, handler, logger } = this.context;
    for (const entry of entries) {
      // Entries left in the batch stay pending under this name and come back first on restart.
      if (!this.isRunning) return;
      const where = { queue: key, group: options.group, consumer: options.consumer, id: entry.id };
      try {
        await handler(entry);
      } catch (error) {
        logger.warn({ ...where, err: error, deliveries: entry.deliveries }, 'queue handler failed; entry left pending');
        continue;
      }
      await command.xack(key, options.group, entry.id).catch((error: unknown) => {
        logger.warn({ ...where, err: error }, 'queue ack failed; entry will be delivered again');
      });
    }
  }

  /** Starts every entry's handler at once and acknowledges those that resolved with one XACK. */
  private async processBatch(entries: QueueEntry[]): Promise<void> {
    const { command, key, options, handler, logger } = this.context;
    if (!this.isRunning || entries.length === 0) return;
    const results = await Promise.allSettled(entries.map((entry) => handler(entry)));
    const done: string[] = [];
    for (const [index, result] of results.entries()) {
      const entry = entries[index];
      if (entry === undefined) continue;
      if (result.status === 'fulfilled') done.push(entry.id);
      else logger.warn({ queue: key, group: options.group, id: entry.id, err: result.reason, deliveries: entry.deliveries }, 'queue handler failed; entry left pending');
    }
    if (done.length === 0) return;
    // The next read need not wait for the ack: an entry acked late is at worst delivered again, and
    // handlers are idempotent for that (as after a crash).
    const ack = command
      .xack(key, options.group, ...done)
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.warn({ queue: key, group: options.group, ids: done, err: error }, 'queue ack failed; entries will be delivered again');
      })
      .finally(() => this.pendingAcks.delete(ack));
    this.pendingAcks.add(ack);
  }

  /** Waits for `promise` unless stop() comes first; the reader is then disconnected, which ends the read. */
  private untilStopped<T>(promise: Promise<T>): Promise<T | typeof STOPPED> {
    return new Promise<T | typeof STOPPED>((resolve, reject) => {
      const interrupt = (): void => resolve(STOPPED);
      promise.then(resolve, reject).finally(() => this.interruptWait === interrupt && (this.interruptWait = undefined));
      if (this.isRunning) this.interruptWait = interrupt;
      else resolve(STOPPED);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.interruptWait === finish) this.interruptWait = undefined;
        resolve();
      };
      const timer = setTimeout(finish, this.isRunning ? ms : 0);
      this.interruptWait = finish;
    });
  }
}
