// Counts open sockets per client address so one host cannot take every connection slot.

/** Per-IP connection counter with a fixed ceiling. */
export class IpConnectionLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerIp: number) {}

  /** Takes a slot for `ip`; false when it already holds the maximum. */
  tryAcquire(ip: string): boolean {
    const count = this.counts.get(ip) ?? 0;
    if (count >= this.maxPerIp) return false;
    this.counts.set(ip, count + 1);
    return true;
  }

  /** Gives a slot back; the entry is deleted at zero so the map does not grow with every address seen. */
  release(ip: string): void {
    const count = this.counts.get(ip) ?? 0;
    if (count <= 1) this.counts.delete(ip);
    else this.counts.set(ip, count - 1);
  }

  /** Sockets currently counted for `ip`. */
  countOf(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }
}
