// The lab's drop button as seen by a node: one broker subscription to LAB_DROP_CHANNEL while any lab
// connection is open here (and for a while after, so a drop between two long polls is not missed),
// the callbacks of the connections carrying each lab id, and each lab's latest drop, so a long poll
// that was on its way when the drop went out is failed when it arrives.
import type { Broker } from '../../lib/broker/broker.ts';
import { LAB_DROP_CHANNEL } from '../../lib/protocol/channels.ts';
import { decodeLabDrop } from '../../lib/protocol/lab-query.ts';

/** Labs whose latest drop is remembered; the oldest is forgotten first. */
const REMEMBERED_LABS = 1024;
/** How long the subscription outlives the last lab connection. */
const DEFAULT_LINGER_MS = 30_000;

/** Lab connections of one process, by lab id. */
export class LabDropWatch {
  private readonly watchers = new Map<string, Set<() => void>>();
  private readonly latestDrops = new Map<string, number>();
  private count = 0;
  private unsubscribe: Promise<(() => Promise<void>) | undefined> | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly lingerMs = DEFAULT_LINGER_MS,
  ) {}

  /**
   * Calls `onDrop` when a drop for `labId` is published; resolves once listening, to a release function.
   * A request sent before drop number `sentAtEpoch` was acknowledged is dropped at once if that drop
   * has already reached this node; a connection without an epoch is only dropped by later drops.
   */
  async watch(labId: string, onDrop: () => void, sentAtEpoch?: number): Promise<() => void> {
    let set = this.watchers.get(labId);
    if (!set) {
      set = new Set();
      this.watchers.set(labId, set);
    }
    set.add(onDrop);
    this.count += 1;
    clearTimeout(this.lingerTimer);
    // A failed subscribe leaves the connection undroppable, not broken.
    this.unsubscribe ??= this.broker.subscribe(LAB_DROP_CHANNEL, (payload) => this.drop(payload)).catch(() => undefined);
    await this.unsubscribe;
    let isReleased = false;
    if (sentAtEpoch !== undefined && sentAtEpoch < (this.latestDrops.get(labId) ?? 0)) onDrop();
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
    clearTimeout(this.lingerTimer);
    const pending = this.unsubscribe;
    this.unsubscribe = undefined;
    this.watchers.clear();
    this.count = 0;
    const unsubscribe = await pending;
    await unsubscribe?.().catch(() => undefined);
  }

  private drop(payload: string): void {
    const drop = decodeLabDrop(payload);
    if (!drop) return;
    this.remember(drop.lab, drop.epoch);
    for (const onDrop of [...(this.watchers.get(drop.lab) ?? [])]) onDrop();
  }

  private remember(labId: string, epoch: number): void {
    const latest = Math.max(epoch, this.latestDrops.get(labId) ?? 0);
    this.latestDrops.delete(labId);
    this.latestDrops.set(labId, latest);
    if (this.latestDrops.size <= REMEMBERED_LABS) return;
    const oldest = this.latestDrops.keys().next().value;
    if (oldest !== undefined) this.latestDrops.delete(oldest);
  }

  private release(labId: string, onDrop: () => void): void {
    const set = this.watchers.get(labId);
    if (!set?.delete(onDrop)) return;
    if (set.size === 0) this.watchers.delete(labId);
    this.count -= 1;
    if (this.count > 0) return;
    this.lingerTimer = setTimeout(() => void this.close(), this.lingerMs);
    this.lingerTimer.unref();
  }
}
