import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { BookDelta, BookSnapshot } from '../../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, replicaSnapshot } from '../../../lib/market/book-replica.ts';
import { getInstrument, type Instrument } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { MarketSimulator } from '../../../workers/feed/sources/simulator.ts';
import type { SourceEvent } from '../../../workers/feed/sources/source.ts';

function instruments(...symbols: string[]): Instrument[] {
  return symbols.map((symbol) => {
    const inst = getInstrument(symbol);
    assert.ok(inst, symbol);
    return inst;
  });
}

// The feed side: authoritative books, every delta they published, and snapshots taken along the way.
class Feed {
  readonly books: Map<string, SequencedBook>;
  readonly deltas = new Map<string, BookDelta[]>();
  readonly snapshots: BookSnapshot[] = [];
  /** Authoritative books at chosen sequence numbers, to compare full books against. */
  readonly checkpoints = new Map<string, BookSnapshot>();
  updates = 0;

  constructor(list: readonly Instrument[]) {
    this.books = new Map(list.map((inst) => [inst.symbol, new SequencedBook(inst)]));
    for (const inst of list) this.deltas.set(inst.symbol, []);
  }

  apply(events: readonly SourceEvent[]): void {
    for (const event of events) {
      if (event.type === 'trade') continue;
      const book = this.books.get(event.symbol);
      assert.ok(book);
      const result = book.apply(event);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      if (result.delta === null) continue;
      this.updates++;
      const deltas = this.deltas.get(event.symbol) ?? assert.fail('deltas');
      assert.equal(result.delta.seq, deltas.length + 1, 'seq grows by exactly one');
      deltas.push(result.delta);
    }
  }

  takeSnapshot(symbol: string): void {
    this.snapshots.push((this.books.get(symbol) ?? assert.fail(symbol)).snapshot());
  }

  checkpoint(): void {
    for (const [symbol, book] of this.books) this.checkpoints.set(`${symbol}@${book.seq}`, book.snapshot());
  }

  // From every snapshot, replays the later deltas through a replica; returns how many it applied.
  verifyReplicas(): number {
    let applied = 0;
    for (const snapshot of this.snapshots) {
      const built = bookFromSnapshot(snapshot);
      assert.ok(built.status === 'ok', `snapshot ${snapshot.symbol}@${snapshot.seq}: ${built.status}`);
      const replica = built.replica;
      const deltas = this.deltas.get(snapshot.symbol) ?? assert.fail('deltas');
      for (const delta of deltas.slice(snapshot.seq)) {
        const result = applyDelta(replica, delta);
        if (result.status !== 'ok') assert.fail(`${delta.symbol}@${delta.seq}: ${JSON.stringify(result)}`);
        applied++;
        const expected = this.checkpoints.get(`${delta.symbol}@${delta.seq}`);
        if (expected) assert.deepEqual(replicaSnapshot(replica), expected, `${delta.symbol}@${delta.seq}`);
      }
      const book = this.books.get(snapshot.symbol) ?? assert.fail(snapshot.symbol);
      assert.deepEqual(replicaSnapshot(replica), book.snapshot(), `${snapshot.symbol} final book`);
    }
    return applied;
  }
}

// A small LCG so the test picks its own random points reproducibly, apart from the simulator's seed.
function pointPicker(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48271) % 2147483647;
    return state % n;
  };
}

describe('snapshot + deltas through book-replica equal the feed book', () => {
  it('holds at every step over 100,000+ simulated updates, jumps included', () => {
    const list = instruments('BTC-USD', 'ETH-USD', 'DOGE-USD', 'TSLA');
    const sim = new MarketSimulator({ seed: 20261126, ratePerSec: 5000, instruments: list, maxUpdatesPerStep: 200 });
    const feed = new Feed(list);
    const pick = pointPicker(17);
    feed.apply(sim.next());
    for (let i = 1; feed.updates < 105_000; i++) {
      // Now and then a long quiet spell, so the book must chase or re-quote a moved price.
      feed.apply(i % 4_000 === 0 ? sim.step((sim.timeMs ?? 0) + 3_600_000) : sim.next());
      if (pick(1_500) === 0) feed.takeSnapshot(list[pick(list.length)]?.symbol ?? 'BTC-USD');
      if (i % 1_000 === 0) feed.checkpoint();
    }
    assert.ok(feed.snapshots.length >= 30, `${feed.snapshots.length} snapshots`);
    const applied = feed.verifyReplicas();
    assert.ok(applied > 500_000, `${applied} deltas replayed`);
  });

  it('holds for any seed, rate, stepping and snapshot points', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('next' as const), count: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('step' as const), dtMs: fc.integer({ min: 1, max: 6 * 3_600_000 }) }),
      fc.record({ kind: fc.constant('snapshot' as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 10, max: 5000 }),
        fc.array(operation, { minLength: 5, maxLength: 40 }),
        (seed, ratePerSec, operations) => {
          const list = instruments('SOL-USD', 'AAPL', 'ETH-USD');
          const sim = new MarketSimulator({ seed, ratePerSec, instruments: list, maxUpdatesPerStep: 300 });
          const feed = new Feed(list);
          feed.apply(sim.next());
          for (const op of operations) {
            if (op.kind === 'next') for (let i = 0; i < op.count; i++) feed.apply(sim.next());
            else if (op.kind === 'step') feed.apply(sim.step((sim.timeMs ?? 0) + op.dtMs));
            else feed.takeSnapshot(list[op.index % list.length]?.symbol ?? 'AAPL');
          }
          feed.takeSnapshot('AAPL');
          feed.verifyReplicas();
        },
      ),
      { numRuns: 25 },
    );
  });
});
