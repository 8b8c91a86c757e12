// Work queues on JetStream: one stream per queue, one durable pull consumer per group.
// Retention is `limits`, not `interest`: an interest stream drops what is published while no consumer
// exists, and an order enqueued before the engine ever started must wait for it (as on Redis). So entries
// are removed as on Redis: below the lowest ack floor of the queue's consumers (what every existing group
// has received and acknowledged), which each consumer deletes from time to time. One delete per entry, not
// a purge: on nats-server 2.9.10 a purge up to a sequence also wipes the consumers' pending state of the
// entries after it, so an unacknowledged entry would never be delivered again (seen in a probe).
// The bound is the stream's max_msgs with discard new: the server refuses the publish that would pass it,
// which is the atomic check-and-add the contract asks for; nothing queued is ever dropped.
import { AckPolicy, DeliverPolicy, DiscardPolicy, nanos, ReplayPolicy } from 'nats';
import { QueueFullError } from './broker.ts';
import type { NatsLink } from './nats-connection.ts';
import { isJetStreamError, JS_ERRORS } from './nats-errors.ts';
import type { NatsNames } from './nats-names.ts';
import { StreamSetup } from './nats-stream-setup.ts';
import { streamIdOf } from './nats-streams.ts';

// Deletes in flight at once while trimming.
const TRIM_CONCURRENCY = 100;

/** The work queues of one NATS broker: creating them and their groups, adding, measuring and trimming. */
export class NatsQueues {
  private readonly setup: StreamSetup;

  constructor(
    private readonly link: NatsLink,
    private readonly names: NatsNames,
  ) {
    this.setup = new StreamSetup(link);
  }

  async enqueue(queue: string, payload: string, maxLength: number | undefined): Promise<string> {
    const { js } = await this.link.connection();
    await this.ensure(queue, maxLength);
    try {
      const ack = await js.publish(this.names.queueSubject(queue), payload, { expect: { streamName: this.names.queue(queue) } });
      return streamIdOf(ack.seq);
    } catch (error) {
      // A bound set by another caller applies to every enqueue (max_msgs is the stream's, not the call's).
      if (isJetStreamError(error, JS_ERRORS.maximumMessagesExceeded)) throw new QueueFullError(queue, maxLength ?? this.setup.boundOf(this.names.queue(queue)) ?? 0);
      throw error;
    }
  }

  /** Creates the group's durable consumer, or sets its ack wait (how long before an entry is redelivered). */
  async ensureGroup(queue: string, group: string, claimIdleMs: number): Promise<void> {
    const { jsm } = await this.link.connection();
    await this.ensure(queue, undefined);
    const stream = this.names.queue(queue);
    const durable = this.names.group(group);
    const ackWait = nanos(claimIdleMs);
    try {
      const info = await jsm.consumers.info(stream, durable);
      if (info.config.ack_wait !== ackWait) await jsm.consumers.update(stream, durable, { ack_wait: ackWait });
    } catch (error) {
      if (!isJetStreamError(error, JS_ERRORS.consumerNotFound)) throw error;
      // From the first entry kept, so work enqueued before the group existed is not lost; never given up on.
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: ackWait,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
        max_deliver: -1,
      });
    }
  }

  /** How many entries the queue holds: not yet acknowledged by every group, or acknowledged and not yet trimmed. */
  async length(queue: string): Promise<number> {
    const { jsm } = await this.link.connection();
    try {
      return (await jsm.streams.info(this.names.queue(queue))).state.messages;
    } catch (error) {
      if (isJetStreamError(error, JS_ERRORS.streamNotFound)) return 0;
      throw error;
    }
  }

  /**
   * Removes the entries every group has received and acknowledged: those up to the lowest ack floor.
   * Not atomic with the listing (Redis trims in one script): a group created in between may miss entries
   * every other group had acknowledged, which the contract allows ("a group created later never sees them").
   */
  async trimAcknowledged(queue: string): Promise<number> {
    const { jsm } = await this.link.connection();
    const stream = this.names.queue(queue);
    let floor = Number.POSITIVE_INFINITY;
    for await (const info of jsm.consumers.list(stream)) floor = Math.min(floor, info.ack_floor.stream_seq);
    if (!Number.isFinite(floor)) return 0;
    const { state } = await jsm.streams.info(stream);
    const last = Math.min(floor, state.last_seq);
    let removed = 0;
    // Oldest first, so the stream's first sequence moves up rather than leaving holes to track.
    for (let start = state.first_seq; state.messages > 0 && start <= last; start += TRIM_CONCURRENCY) {
      const sequences = Array.from({ length: Math.min(TRIM_CONCURRENCY, last - start + 1) }, (_, i) => start + i);
      const deleted = await Promise.all(sequences.map((seq) => this.deleteEntry(stream, seq)));
      removed += deleted.filter(Boolean).length;
    }
    return removed;
  }

  /** Deletes one entry; false when it was gone already (another member trimmed it first). */
  private async deleteEntry(stream: string, seq: number): Promise<boolean> {
    const { jsm } = await this.link.connection();
    try {
      // No erase: the entry is dropped, not overwritten on disk first.
      return await jsm.streams.deleteMessage(stream, seq, false);
    } catch (error) {
      if (isJetStreamError(error, JS_ERRORS.messageDeleteFailed)) return false;
      throw error;
    }
  }

  /** Creates the queue's stream once per process; a full queue refuses new entries. */
  private ensure(queue: string, maxLength: number | undefined): Promise<void> {
    return this.setup.ensure({ name: this.names.queue(queue), subjects: [this.names.queueSubject(queue)], discard: DiscardPolicy.New }, maxLength);
  }
}
