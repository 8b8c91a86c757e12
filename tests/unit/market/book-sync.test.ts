import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { BookDelta, BookSnapshot } from '../../../lib/market/book-messages.ts';
import { replicaSnapshot } from '../../../lib/market/book-replica.ts';
import { BookSync } from '../../../lib/market/book-sync.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { MarketSimulator } from '../../../workers/feed/sources/simulator.ts';
import { instrument } from '../../helpers/synthetic-book.ts';

const SYMBOL = 'BTC-USD';

/** The feed's side: several runs (epochs) of one book's sequence, every delta, and the book at every seq. */
class FeedHistory {
  readonly deltas: BookDelta[] = [];
  /** `${epoch}@${seq}` → the feed's whole book there. */
  readonly truth = new Map<string, BookSnapshot>();
  private readonly simulator: MarketSimulator;
  private book: SequencedBook | undefined;

  constructor(seed: number) {
    this.simulator = new MarketSimulator({ seed, instruments: [instrument(SYMBOL)], depth: { minLevels: 4, maxLevels: 12 } });
  }

  /** A restart: a new epoch whose sequence starts again at 1, with the market where it was. */
  restart(epoch: number): void {
    this.book = new SequencedBook(instrument(SYMBOL), 200, epoch);
    if (this.deltas.length > 0) {
      // The new run opens with the whole book as its first delta, as a restarted feed's first snapshot does.
      const last = this.lastSnapshot();
      this.record(this.book.apply({ type: 'snapshot', symbol: SYMBOL, ts: last.ts, bids: last.bids, asks: last.asks }));
    }
  }

  step(): void {
    for (const event of this.simulator.next()) if (event.type !== 'trade' && event.symbol === SYMBOL) this.record(this.book?.apply(event));
  }

  lastSnapshot(): BookSnapshot {
    const last = this.deltas.at(-1);
    assert.ok(last);
    return this.at(last.epoch, last.seq);
  }

  at(epoch: number, seq: number): BookSnapshot {
    const snapshot = this.truth.get(`${epoch}@${seq}`);
    assert.ok(snapshot, `no book at ${epoch}@${seq}`);
    return snapshot;
  }

  private record(result: ReturnType<SequencedBook['apply']> | undefined): void {
    if (!result?.ok || !result.delta || !this.book) return;
    this.deltas.push(result.delta);
    this.truth.set(`${result.delta.epoch}@${result.delta.seq}`, this.book.snapshot(result.delta.ts));
  }
}

function history(seed: number, runs: number[]): FeedHistory {
  const feed = new FeedHistory(seed);
  for (const [index, steps] of runs.entries()) {
    feed.restart(1000 + index);
    for (let i = 0; i < steps; i++) feed.step();
  }
  return feed;
}

/** Fails unless a live machine holds exactly the feed's book at its epoch and seq. */
function assertExactWhenLive(sync: BookSync, feed: FeedHistory): void {
  const replica = sync.replica;
  if (!replica) return;
  const expected = feed.at(replica.epoch, replica.seq);
  const actual = replicaSnapshot(replica);
  assert.deepEqual({ ...actual, ts: 0 }, { ...expected, ts: 0 }, `live book differs from the feed's at ${replica.epoch}@${replica.seq}`);
}

describe('BookSync', () => {
  it('buffers deltas, installs a snapshot with the buffer after it, then applies deltas live', () => {
    const feed = history(1, [10]);
    const sync = new BookSync(SYMBOL);
    const [d1, d2, d3, d4] = feed.deltas.slice(-4);
    assert.ok(d1 && d2 && d3 && d4);
    assert.equal(sync.receiveDelta(d2).kind, 'buffered');
    assert.equal(sync.receiveDelta(d3).kind, 'buffered');
    const step = sync.offerSnapshot(feed.at(d1.epoch, d1.seq));
    assert.equal(step.kind, 'went-live');
    assert.equal(sync.replica?.seq, d3.seq);
    assert.equal(sync.receiveDelta(d4).kind, 'applied');
    assertExactWhenLive(sync, feed);
  });

  it('refuses a snapshot older than the deltas it holds, and one older than what readers saw', () => {
    const feed = history(2, [10]);
    const sync = new BookSync(SYMBOL);
    const deltas = feed.deltas;
    const [a, b, c] = deltas.slice(-3);
    assert.ok(a && b && c);
    sync.receiveDelta(c);
    assert.deepEqual(sync.offerSnapshot(feed.at(a.epoch, a.seq)), { kind: 'refused', reason: 'too-old' });
    assert.equal(sync.offerSnapshot(feed.at(c.epoch, c.seq)).kind, 'went-live');
    sync.disconnect();
    sync.reconnect();
    assert.deepEqual(sync.offerSnapshot(feed.at(b.epoch, b.seq)), { kind: 'refused', reason: 'behind' });
    assert.deepEqual(sync.offerSnapshot(null), { kind: 'refused', reason: 'missing' });
  });

  it('ignores a duplicate, resyncs on a gap and on a checksum mismatch', () => {
    const feed = history(3, [12]);
    const sync = new BookSync(SYMBOL);
    const deltas = feed.deltas;
    const first = deltas[0];
    assert.ok(first);
    sync.offerSnapshot(feed.at(first.epoch, first.seq));
    const [d2, d3, d4] = deltas.slice(1, 4);
    assert.ok(d2 && d3 && d4);
    sync.receiveDelta(d2);
    assert.deepEqual(sync.receiveDelta(d2), { kind: 'ignored', reason: 'duplicate' });
    const gap = sync.receiveDelta(d4);
    assert.equal(gap.kind === 'went-stale' && gap.cause, 'gap');
    assert.equal(sync.phase, 'syncing');
    assert.equal(sync.offerSnapshot(feed.at(d3.epoch, d3.seq)).kind, 'went-live');
    assert.equal(sync.replica?.seq, d4.seq);
    const d5 = deltas[4];
    assert.ok(d5);
    const bad = sync.receiveDelta({ ...d5, checksum: (d5.checksum + 1) >>> 0 });
    assert.equal(bad.kind === 'went-stale' && bad.cause, 'checksum');
  });

  it('takes a newer epoch as a new book and ignores an older one', () => {
    const feed = history(4, [8, 8]);
    const sync = new BookSync(SYMBOL);
    const oldRun = feed.deltas.filter((d) => d.epoch === 1000);
    const newRun = feed.deltas.filter((d) => d.epoch === 1001);
    const oldLast = oldRun.at(-1);
    assert.ok(oldLast);
    sync.offerSnapshot(feed.at(oldLast.epoch, oldLast.seq));
    assert.equal(sync.replica?.epoch, 1000);
    // The new run's seq is lower than the old one's: not a duplicate, a new book.
    const [n1, n2] = newRun;
    assert.ok(n1 && n2 && n1.seq < oldLast.seq);
    const changed = sync.receiveDelta(n1);
    assert.equal(changed.kind === 'went-stale' && changed.cause, 'epoch');
    assert.deepEqual(sync.offerSnapshot(feed.at(oldLast.epoch, oldLast.seq)), { kind: 'refused', reason: 'older-epoch' });
    assert.equal(sync.offerSnapshot(feed.at(n1.epoch, n1.seq)).kind, 'went-live');
    assert.deepEqual(sync.receiveDelta(oldLast), { kind: 'ignored', reason: 'older-epoch' });
    assert.equal(sync.receiveDelta(n2).kind, 'applied');
    assertExactWhenLive(sync, feed);
  });

  it('is stale while the bus is down and syncs again when it is back', () => {
    const feed = history(5, [6]);
    const sync = new BookSync(SYMBOL);
    const last = feed.deltas.at(-1);
    assert.ok(last);
    sync.offerSnapshot(feed.at(last.epoch, last.seq));
    assert.deepEqual(sync.disconnect(), { kind: 'went-stale', cause: 'disconnected', reason: 'broker reconnecting' });
    assert.equal(sync.replica, undefined);
    assert.deepEqual(sync.receiveDelta(last), { kind: 'ignored', reason: 'not-syncing' });
    sync.reconnect();
    assert.equal(sync.phase, 'syncing');
    assert.equal(sync.offerSnapshot(feed.at(last.epoch, last.seq)).kind, 'went-live');
  });

  it('is never live on a book that differs from the feed, whatever the bus does, and recovers once it behaves', () => {
    const action = fc.constantFrom('deliver', 'deliver', 'deliver', 'deliver', 'drop', 'dup', 'old', 'snap', 'stale-snap', 'null-snap', 'corrupt', 'disconnect', 'reconnect');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 3 }), fc.array(action, { maxLength: 120 }), fc.nat(), (seed, runs, script, pick) => {
        const feed = history(seed, runs);
        const stream = [...feed.deltas];
        const sync = new BookSync(SYMBOL);
        let next = 0;
        let lastDelivered: BookDelta | undefined;
        let cursor = pick;
        const choose = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[cursor++ % items.length]);
        const published = (): BookDelta | undefined => stream[next - 1];
        for (const step of script) {
          const current = published();
          switch (step) {
            case 'deliver': {
              const delta = stream[next++];
              if (delta) sync.receiveDelta((lastDelivered = delta));
              break;
            }
            case 'drop':
              next++;
              break;
            case 'dup':
              if (lastDelivered) sync.receiveDelta(lastDelivered);
              break;
            case 'old': {
              const older = choose(stream.filter((d) => current && d.epoch < current.epoch));
              if (older) sync.receiveDelta(older);
              break;
            }
            case 'snap':
              if (current) sync.offerSnapshot(feed.at(current.epoch, current.seq));
              break;
            case 'stale-snap': {
              const earlier = choose(stream.slice(0, next));
              if (earlier) sync.offerSnapshot(feed.at(earlier.epoch, earlier.seq));
              break;
            }
            case 'null-snap':
              sync.offerSnapshot(null);
              break;
            case 'corrupt': {
              const delta = stream[next++];
              if (delta) sync.receiveDelta({ ...delta, checksum: (delta.checksum + 1) >>> 0 });
              break;
            }
            case 'disconnect':
              sync.disconnect();
              break;
            case 'reconnect':
              sync.reconnect();
              break;
          }
          assertExactWhenLive(sync, feed);
        }
        // The bus behaves from here: connected, every later delta delivered, the feed's fresh snapshot offered.
        sync.reconnect();
        for (const delta of stream.slice(next)) sync.receiveDelta(delta);
        // At least one delta after everything the script saw, so a missed tail shows as a gap.
        while (feed.deltas.length === stream.length) feed.step();
        for (const delta of feed.deltas.slice(stream.length)) sync.receiveDelta(delta);
        const latest = feed.lastSnapshot();
        if (sync.phase !== 'live') sync.offerSnapshot(latest);
        assert.equal(sync.phase, 'live');
        assertExactWhenLive(sync, feed);
        assert.deepEqual([sync.replica?.epoch, sync.replica?.seq], [latest.epoch, latest.seq]);
      }),
      { numRuns: 150 },
    );
  });
});
