// Where there is no SharedWorker, one tab holds the connection for all: the tab that gets a Web Lock
// and keeps it for its life. The others wait in the lock's queue; when the leader's page goes (closed,
// crashed, navigated away) the browser releases its lock and grants it to the next tab at once, which
// becomes the leader. No heartbeats and no timers: the lock is the leader's lease.
import type { LockManagerLike } from './tab-session.ts';

/** `waiting`: in the lock's queue. `leading`: holds it. `stopped`: left the election. */
export type ElectionState = 'idle' | 'waiting' | 'leading' | 'stopped';

export class LeaderElection {
  private current: ElectionState = 'idle';
  private resign: (() => void) | undefined;
  private readonly abort = new AbortController();

  /** `lead` runs when this tab becomes the leader; the function it returns runs when it stops leading. */
  constructor(
    private readonly locks: LockManagerLike,
    private readonly name: string,
    private readonly lead: () => () => void,
  ) {}

  get state(): ElectionState {
    return this.current;
  }

  /** Joins the queue for the lock. */
  start(): void {
    if (this.current !== 'idle') return;
    this.current = 'waiting';
    this.locks
      .request(this.name, { signal: this.abort.signal }, () => {
        if (this.current === 'stopped') return Promise.resolve();
        this.current = 'leading';
        const stopLeading = this.lead();
        return new Promise<void>((resolve) => {
          this.resign = () => {
            stopLeading();
            resolve();
          };
        });
      })
      // Aborted while waiting: this tab left before its turn came.
      .catch(() => undefined);
  }

  /** Leaves: a leader hands the lock to the next tab in the queue; a waiting tab leaves the queue. */
  stop(): void {
    if (this.current === 'stopped') return;
    const wasLeading = this.current === 'leading';
    this.current = 'stopped';
    if (wasLeading) this.resign?.();
    else this.abort.abort();
  }
}
