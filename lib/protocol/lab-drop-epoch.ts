// A lab page's count of drops the server has acknowledged: a long poll carries it, a drop carries the
// next one (see lab-query.ts), so a poll sent before a drop is ended even if it reaches the node after.

export class DropEpoch {
  private acknowledged = 0;

  /** Drops acknowledged so far; what a request sent now carries. */
  get current(): number {
    return this.acknowledged;
  }

  /** What the next drop request carries. */
  get next(): number {
    return this.acknowledged + 1;
  }

  acknowledge(epoch: number): void {
    this.acknowledged = Math.max(this.acknowledged, epoch);
  }
}
