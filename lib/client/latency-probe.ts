// Application-level ping: measures the round trip to the gateway and notices a dead link that the
// browser has not reported yet (a half-open TCP connection can stay "open" for minutes).
import type { PongMessage } from '../protocol/messages.ts';

export interface LatencyProbeOptions {
  /** Sends a ping request; false when it could not be sent. */
  send: (request: { op: 'ping'; id: string; ts: number }) => boolean;
  /** The link is considered dead: no pong within `timeoutMs` of a ping. */
  onTimeout: () => void;
  /** A new round-trip time. */
  onLatency: (latencyMs: number) => void;
  everyMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const PING_PREFIX = 'lat-';

/** Pings every `everyMs` while started; `handlePong` is fed every pong the socket receives. */
export class LatencyProbe {
  private interval: ReturnType<typeof setInterval> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private counter = 0;
  private readonly sentAt = new Map<string, number>();

  constructor(private readonly options: LatencyProbeOptions) {}

  /** Starts pinging now and then on an interval (call on every open). */
  start(): void {
    this.stop();
    this.ping();
    this.interval = setInterval(() => this.ping(), this.options.everyMs ?? 5000);
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.deadline);
    this.deadline = undefined;
    this.sentAt.clear();
  }

  /** Takes a pong; returns false when it did not answer one of this probe's pings. */
  handlePong(pong: PongMessage): boolean {
    if (typeof pong.id !== 'string' || !pong.id.startsWith(PING_PREFIX)) return false;
    const sent = this.sentAt.get(pong.id);
    if (sent === undefined) return false;
    this.sentAt.clear(); // any answer proves the link is alive; older pings no longer matter
    clearTimeout(this.deadline);
    this.deadline = undefined;
    this.options.onLatency(Math.max(0, this.now() - sent));
    return true;
  }

  private ping(): void {
    const id = `${PING_PREFIX}${++this.counter}`;
    const ts = this.now();
    if (!this.options.send({ op: 'ping', id, ts })) return;
    this.sentAt.set(id, ts);
    // One deadline at a time, armed by the oldest unanswered ping.
    this.deadline ??= setTimeout(() => {
      this.deadline = undefined;
      this.stop();
      this.options.onTimeout();
    }, this.options.timeoutMs ?? 10_000);
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }
}
