// Active/standby by lease: every candidate of a role asks the broker for the role's lease; the one
// that gets it raises the role's fence and leads, renewing well inside the TTL; the others poll and
// take over once it lapses. A leader that cannot renew steps down before the lease could have
// expired anywhere, timed by the monotonic clock (a wall-clock jump changes nothing), so two leaders
// never both believe they lead; the fence covers the one case a process cannot see: its own pause.
import type { Broker } from '../broker/broker.ts';
import type { Logger } from '../log.ts';
import type { Fence, LeaderRole } from './fence.ts';
import { getLeadershipMetrics } from './leadership-metrics.ts';

/** What a leader runs while it leads; stopped when it steps down or the process closes. */
export interface Term {
  stop(): Promise<void>;
}

export interface LeaderElectionOptions {
  role: LeaderRole;
  /** This process's name as the lease's value (shown as the leader in /api/system). */
  holder: string;
  /** How long a lease lasts without renewal: a dead leader's standby takes over this long after it died. */
  ttlMs: number;
  broker: Pick<Broker, 'holdLease' | 'releaseLease'>;
  logger: Logger;
  /** Raises the role's fence for this process (PostgreSQL); called on every takeover. */
  raiseFence: () => Promise<Fence>;
  /** Starts the role as leader under the fence. */
  lead: (fence: Fence) => Promise<Term>;
  /** A monotonic clock in ms (tests); performance.now() otherwise. */
  now?: () => number;
}

/** Why a leader stopped leading. */
export type StepDownReason = 'lease-lost' | 'lease-lapsing' | 'fenced' | 'closing';

type State = 'standby' | 'leading' | 'stepping-down' | 'closed';

/** The broker key of a role's lease; its value is the leader's holder name. */
export const leaseKey = (role: LeaderRole): string => `leader:${role}`;

/** One candidate for a role's leadership. */
export class LeaderElection {
  private state: State = 'standby';
  /** Until when (monotonic ms) the lease is surely still ours: its last confirmed grant, less a margin. */
  private validUntil = 0;
  private lastAskedAt = Number.NEGATIVE_INFINITY;
  private isAsking = false;
  private term: Promise<Term | undefined> | undefined;
  private readonly ticker: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly key: string;

  constructor(private readonly options: LeaderElectionOptions) {
    this.now = options.now ?? (() => performance.now());
    this.key = leaseKey(options.role);
    // Checks often enough to step down in time and to take a lapsed lease within a tenth of its TTL.
    this.ticker = setInterval(() => this.tick(), Math.max(20, Math.min(250, options.ttlMs / 20)));
    this.ticker.unref();
    getLeadershipMetrics().leading.set({ role: options.role }, 0);
    setImmediate(() => this.tick());
  }

  /** True while this process leads and its lease is surely still its own; check before every write that matters. */
  get isLeading(): boolean {
    return this.state === 'leading' && this.now() < this.validUntil;
  }

  /** Steps down because a write was fenced off: a newer leader exists, whatever the lease says. */
  fenced(): void {
    if (this.state === 'leading') void this.stepDown('fenced');
  }

  /** Stops campaigning; a leader stops its term and releases the lease, so a standby takes over at once. */
  async close(): Promise<void> {
    clearInterval(this.ticker);
    const wasLeading = this.state === 'leading' || this.state === 'stepping-down';
    if (wasLeading) await this.stepDown('closing');
    this.state = 'closed';
    if (wasLeading) await this.options.broker.releaseLease(this.key, this.options.holder).catch(() => {});
  }

  private tick(): void {
    const t = this.now();
    if (this.state === 'leading') {
      if (t >= this.validUntil) void this.stepDown('lease-lapsing');
      else if (!this.isAsking && t - this.lastAskedAt >= this.options.ttlMs / 3) void this.renew();
    } else if (this.state === 'standby' && !this.isAsking && t - this.lastAskedAt >= this.options.ttlMs / 10) {
      void this.campaign();
    }
  }

  // Asks for the lease; true when granted, and then `validUntil` counts from when it was asked.
  private async ask(): Promise<boolean> {
    const askedAt = this.now();
    this.lastAskedAt = askedAt;
    this.isAsking = true;
    try {
      const isGranted = await this.options.broker.holdLease(this.key, this.options.holder, this.options.ttlMs);
      // The broker's expiry counts from when it got the request, after `askedAt`; the margin covers clock rates.
      if (isGranted) this.validUntil = askedAt + this.options.ttlMs * 0.9;
      return isGranted;
    } finally {
      this.isAsking = false;
    }
  }

  private async campaign(): Promise<void> {
    const { role, logger } = this.options;
    try {
      if (!(await this.ask()) || this.state !== 'standby') return;
    } catch (error) {
      logger.warn({ err: error, role }, 'lease request failed; standing by');
      return;
    }
    this.state = 'leading';
    this.term = this.startTerm();
  }

  // Raises the fence and starts the role; on failure gives the lease back and stands by again.
  private async startTerm(): Promise<Term | undefined> {
    const { role, holder, logger } = this.options;
    const metrics = getLeadershipMetrics();
    try {
      const fence = await this.options.raiseFence();
      metrics.token.set({ role }, Number(fence.token));
      metrics.leading.set({ role }, 1);
      metrics.takeovers.inc({ role });
      const term = await this.options.lead(fence);
      if (this.state === 'leading') logger.info({ role, holder, token: String(fence.token) }, `took the ${role} lease: leading`);
      return term;
    } catch (error) {
      logger.error({ err: error, role }, `could not start leading the ${role}; standing by`);
      metrics.leading.set({ role }, 0);
      this.state = 'standby';
      await this.options.broker.releaseLease(this.key, holder).catch(() => {});
      return undefined;
    }
  }

  private async renew(): Promise<void> {
    const { role, logger } = this.options;
    try {
      if (!(await this.ask()) && this.state === 'leading') await this.stepDown('lease-lost');
    } catch (error) {
      // Keep trying until `validUntil`; the ticker steps down then if no renewal got through.
      logger.warn({ err: error, role }, 'lease renewal failed');
    }
  }

  private async stepDown(reason: StepDownReason): Promise<void> {
    if (this.state !== 'leading') return;
    const { role, logger } = this.options;
    this.state = 'stepping-down';
    this.validUntil = 0;
    const metrics = getLeadershipMetrics();
    metrics.leading.set({ role }, 0);
    metrics.stepDowns.inc({ role, reason });
    logger.warn({ role, reason }, `stepping down as the ${role} leader`);
    try {
      await (await this.term)?.stop();
    } catch (error) {
      logger.error({ err: error, role }, `stopping the ${role} term failed`);
    }
    this.term = undefined;
    if (this.state === 'stepping-down') this.state = 'standby';
  }
}
