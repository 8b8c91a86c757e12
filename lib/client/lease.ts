// Reference counting for shared subscriptions: the first user starts the work, the last one stops it.

/** Counts users; `start` runs on the first acquire and the function it returns on the last release. */
export class Lease {
  private count = 0;
  private stop: (() => void) | undefined;

  constructor(private readonly start: () => () => void) {}

  get isHeld(): boolean {
    return this.count > 0;
  }

  /** Takes a share; the returned release may be called more than once (only the first counts). */
  acquire(): () => void {
    if (this.count++ === 0) this.stop = this.start();
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      if (--this.count > 0) return;
      const stop = this.stop;
      this.stop = undefined;
      stop?.();
    };
  }
}
