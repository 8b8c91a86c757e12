// The broker contract as a suite: every behaviour the app relies on, run against whichever broker a factory opens.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compareStreamIds, QueueFullError, type Broker, type QueueEntry, type StreamEntry } from '../../lib/broker/broker.ts';
import type { BrokerLogger } from '../../lib/broker/broker-logger.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

/** Every broker under test can also tell how many entries a queue still holds, which is how trimming is observed. */
export type InspectableBroker = Broker & { queueLength(queue: string): Promise<number> };

/** Opens brokers of one backend for the suite. */
export interface BrokerFactory {
  /** Names the backend in the suite's title. */
  label: string;
  open(logger: BrokerLogger): InspectableBroker;
  /** Removes whatever the brokers of this run left behind. */
  cleanup(): Promise<void>;
}

/** Records warnings instead of printing them, so tests can assert on what was logged and dropped. */
export function recordingLogger(): BrokerLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (_obj, msg) => warnings.push(msg), info: () => {} };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Declares the contract suite for one backend; call it at the top level of a test file. */
export function brokerContractSuite(factory: BrokerFactory): void {
  describe(`broker contract: ${factory.label}`, () => {
    const logger = recordingLogger();
    let broker: InspectableBroker;

    before(async () => {
      broker = factory.open(logger);
      await waitFor('broker ready', () => broker.state === 'ready');
    });
    after(async () => {
      await broker.close();
      await factory.cleanup();
    });

    /** Subscribes a probe and publishes on it: once it arrives, anything published earlier has been delivered too. */
    async function barrier(channel: string): Promise<void> {
      let hasArrived = false;
      const unsubscribe = await broker.subscribe(`${channel}:barrier`, () => (hasArrived = true));
      await broker.publish(`${channel}:barrier`, 'x');
      await waitFor(`barrier on ${channel}`, () => hasArrived);
      await unsubscribe();
    }

    it('delivers only what is published after subscribing', async () => {
      await broker.publish('late', 'before');
      const received: string[] = [];
      await broker.subscribe('late', (payload) => received.push(payload));
      await broker.publish('late', 'after');
      await waitFor('the message published after subscribing', () => received.length === 1);
      await barrier('late');
      assert.deepEqual(received, ['after']);
    });

    it('keeps the order of messages on a channel', async () => {
      const received: string[] = [];
      await broker.subscribe('ordered', (payload) => received.push(payload));
      const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
      await Promise.all(sent.map((payload) => broker.publish('ordered', payload)));
      await waitFor('all 200 messages', () => received.length === sent.length);
      assert.deepEqual(received, sent);
    });

    it('stops delivering to a handler once it is unsubscribed', async () => {
      const received: string[] = [];
      const unsubscribe = await broker.subscribe('leaving', (payload) => received.push(payload));
      await broker.publish('leaving', 'one');
      await waitFor('first message', () => received.length === 1);
      await unsubscribe();
      await broker.publish('leaving', 'two');
      await barrier('leaving');
      assert.deepEqual(received, ['one']);
    });

    it('delivers to every handler on a channel and keeps the others when one leaves', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const removeFirst = await broker.subscribe('shared', (payload) => first.push(payload));
      await broker.subscribe('shared', (payload) => second.push(payload));
      await broker.publish('shared', 'both');
      await waitFor('both handlers', () => first.length === 1 && second.length === 1);
      await removeFirst();
      await broker.publish('shared', 'second only');
      await waitFor('remaining handler', () => second.length === 2);
      await barrier('shared');
      assert.deepEqual(first, ['both']);
      assert.deepEqual(second, ['both', 'second only']);
    });

    it('logs and drops what a handler throws, still delivering to the others', async () => {
      const received: string[] = [];
      await broker.subscribe('throwing', () => {
        throw new Error('handler bug');
      });
      await broker.subscribe('throwing', (payload) => received.push(payload));
      await broker.publish('throwing', 'a');
      await broker.publish('throwing', 'b');
      await waitFor('both messages despite the throwing handler', () => received.length === 2);
      assert.deepEqual(received, ['a', 'b']);
      assert.ok(logger.warnings.includes('broker subscriber threw; message dropped'));
    });

    it('resumes reading a stream after a given id with nothing missing or doubled', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 100; i += 1) ids.push(await broker.append('resume', `e${i}`, { maxLen: 1000 }));
      assert.deepEqual([...ids].sort(compareStreamIds), ids, 'ids grow monotonically');
      assert.equal(new Set(ids).size, 100);
      const read: StreamEntry[] = [];
      for (let after = ids[39] ?? ''; ; ) {
        const page = await broker.readAfter('resume', after, 7);
        const last = page.at(-1);
        if (!last) break;
        read.push(...page);
        after = last.id;
      }
      assert.deepEqual(read, ids.slice(40).map((id, i) => ({ id, data: `e${i + 40}` })));
      assert.equal((await broker.readAfter('resume', '0', 1000)).length, 100);
    });

    it('trims a stream to about maxLen and reports the oldest kept id', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 500; i += 1) ids.push(await broker.append('trimmed', `e${i}`, { maxLen: 50 }));
      const kept = await broker.readAfter('trimmed', '0', 1000);
      assert.ok(kept.length >= 50 && kept.length < 500, `kept ${kept.length} entries`);
      assert.deepEqual(kept.map((entry) => entry.id), ids.slice(-kept.length), 'the newest entries are kept, in order');
      assert.equal(await broker.firstId('trimmed'), kept[0]?.id);
      assert.equal(await broker.firstId('never-written'), null);
    });

    it('reads the latest entries oldest first', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1) ids.push(await broker.append('latest', `e${i}`, { maxLen: 100 }));
      assert.deepEqual(await broker.readLatest('latest', 3), [7, 8, 9].map((i) => ({ id: ids[i], data: `e${i}` })));
      assert.deepEqual(await broker.readLatest('never-written', 3), []);
    });

    it('tails live entries with their ids, in order, and none from before', async () => {
      await broker.append('tailed', 'old', { maxLen: 100, publish: true });
      const received: StreamEntry[] = [];
      await broker.tail('tailed', (entry) => received.push(entry));
      const expected: StreamEntry[] = [];
      for (let i = 0; i < 20; i += 1) {
        expected.push({ id: await broker.append('tailed', `live${i}`, { maxLen: 100, publish: true }), data: `live${i}` });
      }
      await broker.append('tailed', 'unpublished', { maxLen: 100 });
      const lastId = await broker.append('tailed', 'last', { maxLen: 100, publish: true });
      expected.push({ id: lastId, data: 'last' });
      await waitFor('21 live entries', () => received.length === expected.length);
      assert.deepEqual(received, expected);
    });

    it('hands each queue entry to one consumer of a group, and to every group', async () => {
      const byGroup: Record<string, string[]> = { workers: [], auditors: [] };
      const consumers = await Promise.all([
        broker.consume('jobs', { group: 'workers', consumer: 'w1', claimIdleMs: 60_000 }, async (e) => void byGroup.workers?.push(e.id)),
        broker.consume('jobs', { group: 'workers', consumer: 'w2', claimIdleMs: 60_000 }, async (e) => void byGroup.workers?.push(e.id)),
        broker.consume('jobs', { group: 'auditors', consumer: 'a1', claimIdleMs: 60_000 }, async (e) => void byGroup.auditors?.push(e.id)),
      ]);
      const ids: string[] = [];
      for (let i = 0; i < 20; i += 1) ids.push(await broker.enqueue('jobs', `job${i}`));
      await waitFor('every entry in both groups', () => byGroup.workers?.length === 20 && byGroup.auditors?.length === 20);
      await sleep(300);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      assert.deepEqual([...(byGroup.workers ?? [])].sort(compareStreamIds), ids, 'each entry exactly once among workers');
      assert.deepEqual(byGroup.auditors, ids);
    });

    it('redelivers an unacknowledged entry to another consumer after claimIdleMs', async () => {
      const stuck = deferred();
      const firstTaken: QueueEntry[] = [];
      const dying = await broker.consume('claims', { group: 'g', consumer: 'dying', claimIdleMs: 200 }, async (entry) => {
        firstTaken.push(entry);
        await stuck.promise;
      });
      const id = await broker.enqueue('claims', 'work');
      await waitFor('first delivery', () => firstTaken.length === 1);
      const stopping = dying.stop();
      const rescued: QueueEntry[] = [];
      const rescuer = await broker.consume('claims', { group: 'g', consumer: 'rescuer', claimIdleMs: 200 }, async (entry) => {
        rescued.push(entry);
      });
      try {
        const entry = await waitFor('the claimed entry', () => rescued[0]);
        assert.equal(entry.id, id);
        assert.equal(entry.data, 'work');
        assert.ok(entry.deliveries >= 2, `deliveries ${entry.deliveries}`);
        assert.equal(firstTaken[0]?.deliveries, 1);
      } finally {
        stuck.resolve();
        await Promise.all([stopping, rescuer.stop()]);
      }
    });

    it('gives a restarted consumer its own pending entries before new ones', async () => {
      const queue = { group: 'g', consumer: 'engine-1', claimIdleMs: 60_000 };
      const seen: string[] = [];
      const first = await broker.consume('restart', queue, async (entry) => {
        seen.push(entry.id);
        throw new Error('crash before ack');
      });
      const pendingIds = [await broker.enqueue('restart', 'p1'), await broker.enqueue('restart', 'p2')];
      await waitFor('both entries taken', () => seen.length === 2);
      await first.stop();
      const freshId = await broker.enqueue('restart', 'fresh');
      const delivered: QueueEntry[] = [];
      const second = await broker.consume('restart', queue, async (entry) => void delivered.push(entry));
      await waitFor('three deliveries', () => delivered.length === 3);
      await second.stop();
      assert.deepEqual(delivered.map((entry) => [entry.id, entry.deliveries]), [...pendingIds.map((id) => [id, 2]), [freshId, 1]]);
    });

    it('leaves a rejected entry pending and retries it', async () => {
      const attempts: QueueEntry[] = [];
      const consumer = await broker.consume('retries', { group: 'g', consumer: 'c', claimIdleMs: 150 }, async (entry) => {
        attempts.push(entry);
        if (attempts.length === 1) throw new Error('transient failure');
      });
      const id = await broker.enqueue('retries', 'flaky');
      await waitFor('a retry', () => attempts.length === 2);
      await sleep(500);
      await consumer.stop();
      assert.deepEqual(attempts.map((entry) => [entry.id, entry.deliveries]), [[id, 1], [id, 2]], 'retried once, then acknowledged');
      assert.ok(logger.warnings.includes('queue handler failed; entry left pending'));
    });

    it('trims queue entries every group has acknowledged, keeping the one still pending', async () => {
      const settings = { claimIdleMs: 60_000, trimIntervalMs: 20 };
      const handled = { fast: 0, slow: 0 };
      const fast = await broker.consume('trim', { ...settings, group: 'fast', consumer: 'f' }, async () => void (handled.fast += 1));
      const slow = await broker.consume('trim', { ...settings, group: 'slow', consumer: 's' }, async (entry) => {
        handled.slow += 1;
        if (entry.data === 'stuck') throw new Error('not done yet');
      });
      for (let i = 0; i < 20; i += 1) await broker.enqueue('trim', `job${i}`);
      const stuckId = await broker.enqueue('trim', 'stuck');
      await waitFor('both groups through every entry', () => handled.fast === 21 && handled.slow === 21);
      await waitFor('only the pending entry left', async () => (await broker.queueLength('trim')) === 1);
      await sleep(200);
      assert.equal(await broker.queueLength('trim'), 1, 'later trims keep the pending entry');
      await Promise.all([fast.stop(), slow.stop()]);

      const redelivered: QueueEntry[] = [];
      const restarted = await broker.consume('trim', { ...settings, group: 'slow', consumer: 's' }, async (entry) => void redelivered.push(entry));
      try {
        await waitFor('the pending entry, delivered again', () => redelivered.length === 1);
        assert.deepEqual(redelivered.map((entry) => [entry.id, entry.data, entry.deliveries]), [[stuckId, 'stuck', 2]]);
        await waitFor('an empty queue once it is acknowledged', async () => (await broker.queueLength('trim')) === 0);
      } finally {
        await restarted.stop();
      }
    });

    it('stores keys and expires them after their TTL', async () => {
      await broker.set('kept', 'v1');
      await broker.set('short-lived', 'v2', 150);
      assert.equal(await broker.get('short-lived'), 'v2');
      assert.equal(await broker.get('missing'), null);
      await waitFor('expiry', async () => (await broker.get('short-lived')) === null, 3000);
      assert.equal(await broker.get('kept'), 'v1');
    });

    it('grants a lease to one holder at a time, extends it for that holder and frees it on expiry or release', async () => {
      assert.equal(await broker.holdLease('lease', 'a', 300), true);
      assert.equal(await broker.holdLease('lease', 'b', 300), false, 'a lease someone else holds is refused');
      assert.equal(await broker.holdLease('lease', 'a', 300), true, 'its holder extends it');
      await broker.releaseLease('lease', 'b');
      assert.equal(await broker.get('lease'), 'a', "releasing someone else's lease leaves it");
      await waitFor('lease expiry', async () => (await broker.get('lease')) === null, 3000);
      assert.equal(await broker.holdLease('lease', 'b', 60_000), true, 'an expired lease is taken');
      await broker.releaseLease('lease', 'b');
      assert.equal(await broker.holdLease('lease', 'a', 60_000), true, 'a released lease is free at once');
      await broker.releaseLease('lease', 'a');
    });

    it('never grants a lease to two holders racing for it', async () => {
      const holders = Array.from({ length: 8 }, (_, i) => `h${i}`);
      const granted = await Promise.all(holders.map((holder) => broker.holdLease('raced', holder, 60_000)));
      assert.equal(granted.filter(Boolean).length, 1);
      await broker.releaseLease('raced', holders[granted.indexOf(true)] ?? '');
    });

    it('deletes a key', async () => {
      await broker.set('deleted', 'v');
      await broker.deleteKey('deleted');
      await broker.deleteKey('never-set');
      assert.equal(await broker.get('deleted'), null);
    });

    it('stores, reads and deletes hash fields one at a time', async () => {
      assert.deepEqual(await broker.readFields('fields'), {}, 'a missing hash reads empty');
      await broker.setField('fields', 'a', '1');
      await broker.setField('fields', 'b', '2');
      await broker.setField('fields', 'a', '3');
      assert.deepEqual(await broker.readFields('fields'), { a: '3', b: '2' });
      await broker.deleteField('fields', 'a');
      await broker.deleteField('fields', 'missing');
      assert.deepEqual(await broker.readFields('fields'), { b: '2' });
      await broker.deleteField('fields', 'b');
      assert.deepEqual(await broker.readFields('fields'), {});
    });

    it('enqueues up to maxLength entries and refuses the next with QueueFullError, dropping none', async () => {
      for (let i = 0; i < 3; i++) await broker.enqueue('bounded', `e${i}`, { maxLength: 3 });
      await assert.rejects(broker.enqueue('bounded', 'e3', { maxLength: 3 }), (error: unknown) => {
        assert.ok(error instanceof QueueFullError);
        assert.deepEqual([error.queue, error.maxLength], ['bounded', 3]);
        return true;
      });
      assert.equal(await broker.queueLength('bounded'), 3, 'the refused entry was not added and none was trimmed');
      const taken: string[] = [];
      const consumer = await broker.consume('bounded', { group: 'g', consumer: 'c', claimIdleMs: 60_000, trimIntervalMs: 50 }, async (entry) => {
        taken.push(entry.data);
      });
      try {
        await waitFor('the queue emptied', async () => (await broker.queueLength('bounded')) === 0, 5000);
        assert.deepEqual(taken, ['e0', 'e1', 'e2']);
        await broker.enqueue('bounded', 'e4', { maxLength: 3 });
        await waitFor('the new entry taken', () => taken.length === 4);
      } finally {
        await consumer.stop();
      }
    });

    it('never lets racing producers past the bound', async () => {
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => broker.enqueue('raced-bound', `r${i}`, { maxLength: 5 })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof QueueFullError));
      assert.equal(await broker.queueLength('raced-bound'), 5);
    });

    it('rate-limits a key: points per window, then refused with the time left, then a fresh window', async () => {
      const rule = { points: 3, durationMs: 1000 };
      const first = await broker.rateLimit('rl:a', rule);
      assert.deepEqual(first, { allowed: true, retryAfterMs: 0, remaining: 2 });
      assert.equal((await broker.rateLimit('rl:a', rule, 2)).remaining, 0, 'a cost counts that many points');
      const refused = await broker.rateLimit('rl:a', rule);
      assert.equal(refused.allowed, false);
      assert.equal(refused.remaining, 0);
      assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 1000, `retryAfterMs ${refused.retryAfterMs} within the window`);
      assert.equal((await broker.rateLimit('rl:b', rule)).allowed, true, 'another key counts on its own');
      await sleep(refused.retryAfterMs + 50);
      assert.equal((await broker.rateLimit('rl:a', rule)).allowed, true, 'a new window allows again');
    });

    it('refuses a rate-limit rule it cannot honour', async () => {
      await assert.rejects(broker.rateLimit('rl:bad', { points: 0, durationMs: 1000 }), RangeError);
      await assert.rejects(broker.rateLimit('rl:bad', { points: 1, durationMs: 0 }), RangeError);
      await assert.rejects(broker.rateLimit('rl:bad', { points: 1, durationMs: 1000 }, 0), RangeError);
    });

    it('shares rate-limit counts between brokers on the same server (Redis, NATS), and counts concurrent calls exactly', async () => {
      const rule = { points: 10, durationMs: 5000 };
      // Every broker with a server shares its counts; the memory broker has none, so it races with itself.
      const other = broker.kind === 'memory' ? broker : factory.open(recordingLogger());
      try {
        await waitFor('second broker ready', () => other.state === 'ready');
        const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? broker : other).rateLimit('rl:shared', rule)));
        assert.equal(results.filter((r) => r.allowed).length, 10);
      } finally {
        if (other !== broker) await other.close();
      }
    });

    it('answers ping', async () => {
      await broker.ping();
    });

    it('closes with every subscription and consumer, releasing its sockets', async () => {
      const openSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
      const before = openSockets();
      const other = factory.open(recordingLogger());
      await waitFor('second broker ready', () => other.state === 'ready');
      await other.subscribe('closing', () => {});
      await other.tail('closing', () => {});
      await other.consume('closing', { group: 'g', consumer: 'c', claimIdleMs: 60_000 }, async () => {});
      await other.close();
      await waitFor('sockets released', () => openSockets() === before, 2000);
    });
  });
}
