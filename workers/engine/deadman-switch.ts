// The dead-man's switch's timing, without I/O: which users armed it, where each user has sockets (per
// gateway node, from the nodes' presence heartbeats), and whose switch has run out. A node that stops
// sending heartbeats counts as gone from its last one, so a gateway that dies silently still releases it.

/** One gateway node's latest presence report. */
interface NodePresence {
  users: ReadonlySet<string>;
  lastSeenMs: number;
}

/** Timing rules; see lib/protocol/presence.ts for the values the processes use. */
export interface DeadmanTiming {
  /** A node with no heartbeat for this long is presumed dead. */
  nodeTimeoutMs: number;
}

/** Armed switches and per-node presence; `due()` names the users whose orders must be cancelled now. */
export class DeadmanSwitches {
  private readonly armed = new Map<string, number>();
  private readonly nodes = new Map<string, NodePresence>();
  /** When each armed user was last known to have a socket (or when watching started). */
  private readonly lastPresentMs = new Map<string, number>();

  constructor(
    private readonly timing: DeadmanTiming,
    private readonly startedAtMs: number,
  ) {}

  /** Arms (seconds > 0) or disarms (0) the user's switch; a user who is arming is connected right now. */
  arm(userId: string, seconds: number, nowMs: number): void {
    if (seconds === 0) {
      this.armed.delete(userId);
      this.lastPresentMs.delete(userId);
      return;
    }
    this.armed.set(userId, seconds);
    this.lastPresentMs.set(userId, nowMs);
  }

  /** Restores a switch armed before a restart: its user counts as present at start. */
  restore(userId: string, seconds: number): void {
    this.armed.set(userId, seconds);
    this.lastPresentMs.set(userId, this.startedAtMs);
  }

  /** The armed switches (user id to seconds). */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.armed);
  }

  /** A node's full list of users with sockets on it (an empty list when it is leaving). */
  onPresence(node: string, users: readonly string[], nowMs: number): void {
    const previous = this.nodes.get(node);
    const current = new Set(users);
    // Whoever this node just stopped listing was there until now.
    if (previous !== undefined) for (const userId of previous.users) if (!current.has(userId)) this.touch(userId, nowMs);
    for (const userId of current) this.touch(userId, nowMs);
    if (current.size === 0) this.nodes.delete(node);
    else this.nodes.set(node, { users: current, lastSeenMs: nowMs });
  }

  /** Users whose switch ran out at `nowMs`; they are disarmed (the switch fires once). */
  due(nowMs: number): string[] {
    this.expireNodes(nowMs);
    const present = new Set<string>();
    for (const node of this.nodes.values()) for (const userId of node.users) present.add(userId);
    const fired: string[] = [];
    for (const [userId, seconds] of this.armed) {
      // Heartbeats keep lastPresentMs current, so a dead node's users count as gone from its last one.
      if (present.has(userId)) continue;
      const goneSinceMs = this.lastPresentMs.get(userId) ?? this.startedAtMs;
      if (nowMs - goneSinceMs >= seconds * 1000) fired.push(userId);
    }
    for (const userId of fired) this.arm(userId, 0, nowMs);
    return fired;
  }

  private expireNodes(nowMs: number): void {
    for (const [node, presence] of this.nodes) {
      if (nowMs - presence.lastSeenMs >= this.timing.nodeTimeoutMs) this.nodes.delete(node);
    }
  }

  private touch(userId: string, nowMs: number): void {
    if (this.armed.has(userId)) this.lastPresentMs.set(userId, nowMs);
  }
}
