// A memory work queue: one log read by consumer groups, forgetting entries once every group has taken them.
import { compareStreamIds, type QueueEntry } from './broker.ts';
import { getOrCreate } from './get-or-create.ts';
import { MemoryGroup } from './memory-group.ts';
import { MemoryStreamLog } from './memory-stream-log.ts';

/** A work queue: one log read by any number of consumer groups. */
export class MemoryQueue {
  readonly log = new MemoryStreamLog();
  readonly groups = new Map<string, MemoryGroup>();
  readonly wakers = new Set<() => void>();

  enqueue(data: string): string {
    const { id } = this.log.append(data, Number.POSITIVE_INFINITY);
    for (const wake of this.wakers) wake();
    return id;
  }

  group(name: string): MemoryGroup {
    return getOrCreate(this.groups, name, () => new MemoryGroup());
  }

  takeNew(group: MemoryGroup, consumer: string, count: number): QueueEntry[] {
    const fresh = this.log.readAfter(group.lastDeliveredId, count);
    const last = fresh.at(-1);
    if (last) group.lastDeliveredId = last.id;
    this.forgetDelivered();
    return fresh.map((entry) => {
      const pending = { entry, consumer, deliveredAtMs: 0, deliveries: 0 };
      group.pending.set(entry.id, pending);
      return group.deliver(pending, consumer);
    });
  }

  /** How many entries are still held: not yet taken by some group, or taken and not yet acknowledged. */
  storedCount(): number {
    let upperBound = this.log.entries.length;
    for (const group of this.groups.values()) upperBound += group.pending.size;
    // One group, or nothing pending: log and pending lists never overlap, so no set needs building.
    if (this.groups.size <= 1 || upperBound === this.log.entries.length) return upperBound;
    const ids = new Set(this.log.entries.map((entry) => entry.id));
    for (const group of this.groups.values()) for (const id of group.pending.keys()) ids.add(id);
    return ids.size;
  }

  /** Drops entries every group has already taken; pending ones live on in the groups' lists. */
  private forgetDelivered(): void {
    const cursors = [...this.groups.values()].map((g) => g.lastDeliveredId).sort(compareStreamIds);
    const oldest = cursors[0];
    if (oldest) this.log.dropThrough(oldest);
  }
}
