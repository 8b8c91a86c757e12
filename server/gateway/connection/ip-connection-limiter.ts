// Counts open sockets per client address so one host cannot take every connection slot. The key is
// the address's limit key (lib/net/client-address.ts `limitKeyOf`: an IPv6 client counts by its /64).

/** Per-address connection counter with a fixed ceiling; also counts the node's total. */
export class IpConnectionLimiter {
  private readonly counts = new Map<string, number>();
  private held = 0;

  constructor(private readonly maxPerIp: number) {}

  /** Takes a slot for `ip`; false when it already holds the maximum. */
  tryAcquire(ip: string): boolean {
    const count = this.counts.get(ip) ?? 0;
    if (count >= this.maxPerIp) return false;
    this.counts.set(ip, count + 1);
    this.held += 1;
    return true;
  }

  /** Gives a slot back; the entry is deleted at zero so the map does not grow with every address seen. */
  release(ip: string): void {
    const count = this.counts.get(ip) ?? 0;
    if (count === 0) return;
    this.held -= 1;
    if (count <= 1) this.counts.delete(ip);
    else this.counts.set(ip, count - 1);
  }

  /** Sockets counted for every address together. */
  get total(): number {
    return this.held;
  }

  /** Sockets currently counted for `ip`. */
  countOf(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }
}
