// One NATS queue consumer: the loop that pulls from its group's durable consumer, runs the handler,
// acknowledges, and trims. A group is one durable consumer, so the server knows groups, not members:
// what Redis keeps pending per member, JetStream keeps pending per group, and an entry nobody acknowledged
// comes back to whichever member pulls next once the group's ack wait (claimIdleMs) has passed. An entry
// the handler rejected is also NAKed with that delay, so its retry is scheduled by name rather than left
// to the ack-wait sweep alone (which was seen, once under load, to come more than 5 s late).
// A member that stops cleanly gives its unfinished entries back at once (NAK), and the server hands
// redeliveries out before new entries, so a restarted member still gets them first; after a crash they
// wait out claimIdleMs, as a dead member's entries do on Redis.
// Stopping lets the pull in flight end (at most one blocking read, ≤ 1 s) rather than cancel it: a
// cancelled pull stays queued on the server until it tries to deliver to it, and nats-server 2.9.10 then
// mishandles an entry NAKed meanwhile (it comes back as a first delivery, `deliveries` 1, seen in tests).
import { nanos } from 'nats';
import type { ConsumeOptions, QueueConsumer, QueueEntry, QueueHandler } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';
import type { NatsLink } from './nats-connection.ts';
import { pullOnce, type PulledEntry } from './nats-pull.ts';
import type { NatsQueues } from './nats-queues.ts';
import { streamIdOf } from './nats-streams.ts';
import { backoffDelayMs } from '../util/backoff.ts';

const MAX_BLOCK_MS = 1000;
const DEFAULT_TRIM_INTERVAL_MS = 5000;
const ACK_TIMEOUT_MS = 5000;
const RETRY_BACKOFF = { baseMs: 50, maxMs: 2000 };
// A pull that ends empty before its time means other members' requests were ahead: wait a little.
const CONTENDED_PAUSE_MS = 20;

/** What a consumer needs: the connection, the queues, its names and options, and the handler. */
export interface NatsConsumerContext {
  link: NatsLink;
  queues: NatsQueues;
  queue: string;
  stream: string;
  durable: string;
  options: ConsumeOptions;
  handler: QueueHandler;
  logger: BrokerLogger;
}

/** A delivery the handler rejected: this member holds it until the ack wait ends, or gives it back on stop. */
interface HeldDelivery {
  ackSubject: string;
  heldUntilMs: number;
}

/** One member of a group: pull, handle in order (or as one batch), acknowledge, trim; give back on stop. */
export class NatsQueueConsumer implements QueueConsumer {
  private isRunning = true;
  private readonly stopping = new AbortController();
  private readonly done: Promise<void>;
  private readonly batchSize: number;
  private readonly blockMs: number;
  private readonly trimIntervalMs: number;
  private lastTrimAtMs = 0;
  private readonly held = new Map<number, HeldDelivery>();
  private readonly pendingAcks = new Set<Promise<void>>();

  constructor(private readonly context: NatsConsumerContext) {
    this.batchSize = context.options.batchSize ?? 10;
    this.blockMs = Math.max(10, Math.min(MAX_BLOCK_MS, context.options.claimIdleMs));
    this.trimIntervalMs = context.options.trimIntervalMs ?? DEFAULT_TRIM_INTERVAL_MS;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.isRunning = false;
    // Ends a backoff pause at once; a pull in flight ends by itself (see the header).
    this.stopping.abort();
    await this.done;
    await Promise.all(this.pendingAcks);
    await this.giveBackHeld();
  }

  private async run(): Promise<void> {
    const { link, queues, queue, stream, durable, options, logger } = this.context;
    let hasGroup = false;
    for (let failures = 0; this.isRunning; ) {
      try {
        if (!hasGroup) {
          await queues.ensureGroup(queue, options.group, options.claimIdleMs);
          hasGroup = true;
        }
        const { nc } = await link.connection();
        const startedAtMs = Date.now();
        const pulled = await pullOnce(nc, { stream, durable, batch: this.batchSize, expiresMs: this.blockMs });
        await this.process(pulled);
        failures = 0;
        await this.trimIfDue();
        if (pulled.length === 0 && Date.now() - startedAtMs < this.blockMs / 2) await this.pause(CONTENDED_PAUSE_MS);
      } catch (error) {
        failures += 1;
        // The stream or consumer may have been deleted under us: create them again before the next pull.
        hasGroup = false;
        logger.warn({ err: error, queue, group: options.group, failures }, 'queue read failed; retrying');
        await this.pause(backoffDelayMs(failures, RETRY_BACKOFF) + RETRY_BACKOFF.baseMs);
      }
    }
  }

  private async process(pulled: PulledEntry[]): Promise<void> {
    const { options } = this.context;
    for (const delivery of pulled) this.held.delete(delivery.streamSequence);
    if (!this.isRunning) return this.giveBack(pulled);
    if (options.isBatched === true) return this.processBatch(pulled);
    for (const [index, delivery] of pulled.entries()) {
      // Entries left in the read go back to the group now: a restarted member gets them before new ones.
      if (!this.isRunning) return this.giveBack(pulled.slice(index));
      const entry = toQueueEntry(delivery);
      try {
        await this.context.handler(entry);
      } catch (error) {
        this.warnFailed(entry, error);
        await this.hold(delivery);
        continue;
      }
      await this.acknowledge(delivery).catch((error: unknown) => this.warnAckFailed([entry.id], error));
    }
  }

  /** Starts every entry's handler at once and acknowledges those that resolved (one ack each: JetStream has no multi-ack). */
  private async processBatch(pulled: PulledEntry[]): Promise<void> {
    if (pulled.length === 0) return;
    const results = await Promise.allSettled(pulled.map((delivery) => this.context.handler(toQueueEntry(delivery))));
    const done: PulledEntry[] = [];
    for (const [index, result] of results.entries()) {
      const delivery = pulled[index];
      if (delivery === undefined) continue;
      if (result.status === 'fulfilled') done.push(delivery);
      else {
        this.warnFailed(toQueueEntry(delivery), result.reason);
        await this.hold(delivery);
      }
    }
    if (done.length === 0) return;
    // The next pull need not wait for the acks: an entry acknowledged late is at worst delivered again.
    const ack = Promise.all(done.map((delivery) => this.acknowledge(delivery)))
      .then(() => undefined)
      .catch((error: unknown) => this.warnAckFailed(done.map((delivery) => streamIdOf(delivery.streamSequence)), error))
      .finally(() => this.pendingAcks.delete(ack));
    this.pendingAcks.add(ack);
  }

  /** Acknowledges one delivery and waits for the server to confirm it (an "ack ack"), so a trim right after sees it. */
  private async acknowledge(delivery: PulledEntry): Promise<void> {
    const { nc } = await this.context.link.connection();
    await nc.request(delivery.ackSubject, '+ACK', { timeout: ACK_TIMEOUT_MS });
  }

  /** Keeps a rejected delivery until its retry is due, and asks the server to redeliver it then. */
  private async hold(delivery: PulledEntry): Promise<void> {
    const { link, options, logger, queue } = this.context;
    this.held.set(delivery.streamSequence, { ackSubject: delivery.ackSubject, heldUntilMs: Date.now() + options.claimIdleMs });
    const { nc } = await link.connection();
    const body = JSON.stringify({ delay: nanos(options.claimIdleMs) });
    // A lost NAK costs nothing: the ack wait brings the entry back after the same time.
    await nc.request(delivery.ackSubject, `-NAK ${body}`, { timeout: ACK_TIMEOUT_MS }).catch((error: unknown) => logger.warn({ err: error, queue, group: options.group }, 'queue delayed nak failed; the ack wait brings the entry back'));
  }

  /** NAKs deliveries at once, in order, each confirmed: the server queues them for redelivery ahead of new entries. */
  private async giveBack(deliveries: Array<{ ackSubject: string }>): Promise<void> {
    const { logger, queue, options } = this.context;
    const nc = this.context.link.current()?.nc;
    if (!nc) return;
    for (const { ackSubject } of deliveries) {
      // A lost NAK costs only time: the entry comes back after the ack wait anyway.
      await nc.request(ackSubject, '-NAK', { timeout: ACK_TIMEOUT_MS }).catch((error: unknown) => logger.warn({ err: error, queue, group: options.group }, 'queue nak failed; entry comes back after claimIdleMs'));
    }
  }

  /** Gives back the rejected entries this member still holds; older ones have been redelivered by the server already. */
  private async giveBackHeld(): Promise<void> {
    const nowMs = Date.now();
    const stillHeld = [...this.held.entries()].sort(([a], [b]) => a - b).filter(([, held]) => held.heldUntilMs > nowMs);
    this.held.clear();
    await this.giveBack(stillHeld.map(([, held]) => held));
  }

  private async trimIfDue(): Promise<void> {
    const { queues, queue, options, logger } = this.context;
    const nowMs = Date.now();
    if (!this.isRunning || nowMs - this.lastTrimAtMs < this.trimIntervalMs) return;
    this.lastTrimAtMs = nowMs;
    try {
      await queues.trimAcknowledged(queue);
    } catch (error) {
      logger.warn({ err: error, queue, group: options.group }, 'queue trim failed; will retry');
    }
  }

  private warnFailed(entry: QueueEntry, error: unknown): void {
    const { queue, options, logger } = this.context;
    logger.warn({ queue, group: options.group, consumer: options.consumer, id: entry.id, err: error, deliveries: entry.deliveries }, 'queue handler failed; entry left pending');
  }

  private warnAckFailed(ids: string[], error: unknown): void {
    const { queue, options, logger } = this.context;
    logger.warn({ queue, group: options.group, ids, err: error }, 'queue ack failed; entry will be delivered again');
  }

  private pause(ms: number): Promise<void> {
    if (!this.isRunning) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.stopping.signal.addEventListener('abort', finish);
    });
  }
}

function toQueueEntry(delivery: PulledEntry): QueueEntry {
  return { id: streamIdOf(delivery.streamSequence), data: delivery.data, deliveries: delivery.deliveries };
}
