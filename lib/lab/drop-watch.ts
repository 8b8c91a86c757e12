// The lab's drop button as seen by a node: one broker subscription to LAB_DROP_CHANNEL while any lab
// connection is open here, and the callbacks of the connections carrying each lab id.
import type { Broker } from '../broker/broker.ts';
import { LAB_DROP_CHANNEL } from '../protocol/channels.ts';

/** Lab connections of one process, by lab id. */
export class LabDropWatch {
  private readonly watchers = new Map<string, Set<() => void>>();
  private count = 0;
  private unsubscribe: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(private readonly broker: Broker) {}

  /** Calls `onDrop` when a drop for `labId` is published; resolves once listening, to a release function. */
  async watch(labId: string, onDrop: () => void): Promise<() => void> {
    let set = this.watchers.get(labId);
    if (!set) {
      set = new Set();
      this.watchers.set(labId, set);
    }
    set.add(onDrop);
    this.count += 1;
    // A failed subscribe leaves the connection undroppable, not broken.
    this.unsubscribe ??= this.broker.subscribe(LAB_DROP_CHANNEL, (payload) => this.drop(payload)).catch(() => undefined);
    await this.unsubscribe;
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.release(labId, onDrop);
    };
  }

  /** Open lab connections here. */
  get size(): number {
    return this.count;
  }

  /** Releases the broker subscription. */
  async close(): Promise<void> {
    const pending = this.unsubscribe;
    this.unsubscribe = undefined;
    this.watchers.clear();
    this.count = 0;
    const unsubscribe = await pending;
    await unsubscribe?.().catch(() => undefined);
  }

  private drop(labId: string): void {
    for (const onDrop of [...(this.watchers.get(labId) ?? [])]) onDrop();
  }

  private release(labId: string, onDrop: () => void): void {
    const set = this.watchers.get(labId);
    if (!set?.delete(onDrop)) return;
    if (set.size === 0) this.watchers.delete(labId);
    this.count -= 1;
    if (this.count > 0) return;
    void this.close();
  }
}
