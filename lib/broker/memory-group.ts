// A memory consumer group: what it has read and what it has handed out but not yet seen acknowledged.
import { compareStreamIds, type QueueEntry, type StreamEntry } from './broker.ts';

/** An entry handed to a consumer and not yet acknowledged, like a row of Redis's pending entries list. */
export interface PendingEntry {
  entry: StreamEntry;
  consumer: string;
  deliveredAtMs: number;
  deliveries: number;
}

/** A consumer group: a cursor into the queue plus the entries handed out but not yet acknowledged. */
export class MemoryGroup {
  lastDeliveredId = '0-0';
  readonly pending = new Map<string, PendingEntry>();

  /** Hands an entry (again) to `consumer`, counting the delivery as Redis does. */
  deliver(pending: PendingEntry, consumer: string): QueueEntry {
    pending.consumer = consumer;
    pending.deliveredAtMs = Date.now();
    pending.deliveries += 1;
    return { id: pending.entry.id, data: pending.entry.data, deliveries: pending.deliveries };
  }

  /** Hands due pending entries to `consumer` again, oldest first. */
  redeliver(consumer: string, count: number, isDue: (pending: PendingEntry) => boolean): QueueEntry[] {
    const due = [...this.pending.values()].filter(isDue).sort((a, b) => compareStreamIds(a.entry.id, b.entry.id));
    return due.slice(0, count).map((pending) => this.deliver(pending, consumer));
  }
}
