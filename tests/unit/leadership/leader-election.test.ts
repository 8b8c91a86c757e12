// Leader election by lease on the in-process broker, with real timers and a short TTL: one leader at
// a time, takeover after a lapse, stepping down before the lease could expire when the broker is
// unreachable, and after a pause longer than the lease (the monotonic clock, not the renewals, decides).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import pino from 'pino';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import type { Fence } from '../../../lib/leadership/fence.ts';
import { LeaderElection, leaseKey, type LeaderElectionOptions } from '../../../lib/leadership/leader-election.ts';
import { sleep, waitFor } from '../../helpers/wait-for.ts';

const TTL_MS = 300;
const logger = pino({ level: 'silent' });

/** A candidate whose terms are recorded; tokens come from one counter, as the database's fence would give them. */
function candidate(holder: string, broker: LeaderElectionOptions['broker'], tokens: { next: bigint }, extra: Partial<LeaderElectionOptions> = {}) {
  const terms: { fence: Fence; stoppedAt?: number }[] = [];
  const election = new LeaderElection({
    role: 'feed',
    holder,
    ttlMs: TTL_MS,
    broker,
    logger,
    raiseFence: async () => ({ role: 'feed', token: (tokens.next += 1n) }),
    lead: async (fence) => {
      const term: { fence: Fence; stoppedAt?: number } = { fence };
      terms.push(term);
      return { stop: async () => void (term.stoppedAt = performance.now()) };
    },
    ...extra,
  });
  return { election, terms, isLive: () => terms.some((t) => t.stoppedAt === undefined) };
}

describe('leader election', () => {
  const open: LeaderElection[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });

  it('elects one of two candidates, and the other takes over under a higher token once the leader is gone', async () => {
    const broker = new MemoryBroker({ logger });
    const tokens = { next: 0n };
    const a = candidate('a', broker, tokens);
    const b = candidate('b', broker, tokens);
    open.push(a.election, b.election);
    await waitFor('a leader', () => a.election.isLeading || b.election.isLeading);
    // Several renewals later, still exactly one leader.
    await sleep(TTL_MS * 2);
    assert.equal(Number(a.election.isLeading) + Number(b.election.isLeading), 1);
    const [leader, standby] = a.election.isLeading ? [a, b] : [b, a];
    assert.equal(await broker.get(leaseKey('feed')), leader === a ? 'a' : 'b');
    const firstToken = leader.terms[0]?.fence.token ?? 0n;
    // A clean close releases the lease: the standby takes over without waiting for the expiry.
    const closedAt = performance.now();
    await leader.election.close();
    await waitFor('the standby leads', () => standby.election.isLeading, 2000);
    assert.ok(performance.now() - closedAt < TTL_MS, 'took over before the released lease would have expired');
    assert.ok((standby.terms[0]?.fence.token ?? 0n) > firstToken, 'the new term has a higher token');
    assert.equal(leader.isLive(), false);
    await broker.close();
  });

  it('steps down before the lease could expire when the broker stops answering, and never overlaps the next leader', async () => {
    const broker = new MemoryBroker({ logger });
    let isReachable = true;
    const flaky: LeaderElectionOptions['broker'] = {
      holdLease: (key, holder, ttl) => (isReachable ? broker.holdLease(key, holder, ttl) : Promise.reject(new Error('broker unreachable'))),
      releaseLease: (key, holder) => broker.releaseLease(key, holder),
    };
    const tokens = { next: 0n };
    const a = candidate('a', flaky, tokens);
    open.push(a.election);
    await waitFor('a leads', () => a.election.isLeading);
    isReachable = false;
    const cutAt = performance.now();
    await waitFor('a steps down', () => !a.isLive(), 2000);
    const term = a.terms[0];
    assert.ok(term?.stoppedAt !== undefined && term.stoppedAt - cutAt < TTL_MS, `stopped ${Math.round((term?.stoppedAt ?? 0) - cutAt)} ms after the cut, inside the ${TTL_MS} ms lease`);
    // The lease itself is still held in the broker until it expires; a second candidate only gets it then.
    const b = candidate('b', broker, tokens);
    open.push(b.election);
    await waitFor('b leads', () => b.election.isLeading, 2000);
    assert.ok((b.terms[0]?.fence.token ?? 0n) > (term?.fence.token ?? 0n));
    await broker.close();
  });

  it('after a pause longer than the lease, is not leading the moment it wakes, and steps down', async () => {
    const broker = new MemoryBroker({ logger });
    let skewMs = 0;
    const tokens = { next: 0n };
    const a = candidate('a', broker, tokens, { now: () => performance.now() + skewMs });
    open.push(a.election);
    await waitFor('a leads', () => a.election.isLeading);
    // A pause (SIGSTOP, a long GC) shows as the monotonic clock jumping past the lease.
    skewMs = TTL_MS * 2;
    assert.equal(a.election.isLeading, false, 'not leading before any timer ran');
    await waitFor('a stepped down', () => !a.isLive(), 2000);
  });

  it('steps down at once when the lease turned out to be held by someone else, or a write was fenced off', async () => {
    const broker = new MemoryBroker({ logger });
    const tokens = { next: 0n };
    const a = candidate('a', broker, tokens);
    open.push(a.election);
    await waitFor('a leads', () => a.election.isLeading);
    // Someone else holds the key (it expired unnoticed and was taken).
    await broker.set(leaseKey('feed'), 'intruder', 10_000);
    await waitFor('a stepped down', () => !a.isLive(), 2000);
    await broker.set(leaseKey('feed'), 'intruder', 1);
    await waitFor('a leads again', () => a.election.isLeading && a.isLive(), 2000);
    a.election.fenced();
    await waitFor('a stepped down after being fenced', () => a.terms.length === 2 && !a.isLive(), 2000);
    await broker.close();
  });

  it('stands by, holding no lease, when starting to lead fails', async () => {
    const broker = new MemoryBroker({ logger });
    let failures = 0;
    const a = candidate('a', broker, { next: 0n }, {
      raiseFence: async () => {
        failures += 1;
        throw new Error('database unreachable');
      },
    });
    open.push(a.election);
    await waitFor('a tried', () => failures >= 1);
    await waitFor('the lease given back', async () => (await broker.get(leaseKey('feed'))) === null, 2000);
    assert.equal(a.election.isLeading, false);
    await broker.close();
  });
});
