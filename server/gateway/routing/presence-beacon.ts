// Tells the engine which users have a socket on this node, for the dead-man's switch: the full list
// whenever it changed (checked every PRESENCE_CHECK_MS) and as a heartbeat every PRESENCE_HEARTBEAT_MS,
// so a node that dies silently drops out once its heartbeats stop. An empty list says goodbye.
import type { Broker } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { PRESENCE_CHANNEL } from '../../../lib/protocol/channels.ts';
import { PRESENCE_CHECK_MS, PRESENCE_HEARTBEAT_MS, type PresenceReport } from '../../../lib/protocol/presence.ts';

/** Publishes this node's users; `stop()` says goodbye. */
export class PresenceBeacon {
  private lastSent = '';
  private lastSentAtMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly node: string,
    private readonly users: () => Iterable<string>,
  ) {
    this.timer = setInterval(() => this.check(Date.now()), PRESENCE_CHECK_MS);
    this.timer.unref();
  }

  /** Stops the heartbeat and reports no users, so the engine need not wait for the timeout. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.send([]).catch(() => undefined);
  }

  private check(nowMs: number): void {
    const users = [...this.users()].sort();
    const key = users.join(',');
    if (key === this.lastSent && nowMs - this.lastSentAtMs < PRESENCE_HEARTBEAT_MS) return;
    this.lastSent = key;
    this.lastSentAtMs = nowMs;
    this.send(users).catch((error: unknown) => {
      // Resent on the next change or heartbeat.
      this.lastSent = '';
      this.logger.warn({ err: error }, 'presence report not published');
    });
  }

  private send(users: string[]): Promise<void> {
    const report: PresenceReport = { node: this.node, users };
    return this.broker.publish(PRESENCE_CHANNEL, JSON.stringify(report));
  }
}
