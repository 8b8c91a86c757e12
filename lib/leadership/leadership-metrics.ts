// The Prometheus series of the active/standby roles: who leads, under which fence, and how often
// leadership moved (a takeover on one process is a leader lost on another).
import { Counter, Gauge } from 'prom-client';
import { getMetrics } from '../metrics.ts';
import { processScoped } from '../process-scoped.ts';

export interface LeadershipMetrics {
  /** 1 while this process leads the role. */
  leading: Gauge<'role'>;
  /** The fencing token (the feed's epoch) of this process's latest term. */
  token: Gauge<'role'>;
  /** Terms this process started. */
  takeovers: Counter<'role'>;
  /** Terms this process ended, by reason. */
  stepDowns: Counter<'role' | 'reason'>;
  /** Writes the database refused because a newer leader had raised the fence. */
  fencedWrites: Counter<'role'>;
}

/** The leadership metrics, created on first use, once per process. */
export function getLeadershipMetrics(): LeadershipMetrics {
  return processScoped('leadershipMetrics', createLeadershipMetrics);
}

function createLeadershipMetrics(): LeadershipMetrics {
  const registers = [getMetrics().registry];
  return {
    leading: new Gauge({ name: 'tickwire_leader', help: '1 while this process leads the role (feed, engine)', labelNames: ['role'], registers }),
    token: new Gauge({ name: 'tickwire_leader_fence_token', help: "The fencing token of this process's latest term (the feed's epoch)", labelNames: ['role'], registers }),
    takeovers: new Counter({ name: 'tickwire_leader_takeovers_total', help: 'Terms this process started as leader', labelNames: ['role'], registers }),
    stepDowns: new Counter({ name: 'tickwire_leader_step_downs_total', help: 'Terms this process ended, by reason', labelNames: ['role', 'reason'], registers }),
    fencedWrites: new Counter({ name: 'tickwire_leader_fenced_writes_total', help: 'Writes refused because a newer leader raised the fence', labelNames: ['role'], registers }),
  };
}
