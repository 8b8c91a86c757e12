import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { SequencedBook } from '../../lib/market/sequenced-book.ts';
import { BinanceSource, type BinanceSourceOptions, type BinanceStatus } from '../../workers/feed/sources/binance/binance-source.ts';
import type { SourceEvent } from '../../workers/feed/sources/source.ts';
import { FakeBinance, type FakeLevel } from '../helpers/fake-binance.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const BTC = ensure(getInstrument('BTC-USD'));

function ensure<T>(value: T | undefined): T {
  assert.ok(value !== undefined, 'BTC-USD must be listed');
  return value;
}

// ---- An independent model of what the adapter must show: Binance levels re-gridded to ours. ----

const SCALE = 10n ** 8n;
const toUnits = (text: string): bigint => {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(8, '0').slice(0, 8));
};
const fromUnits = (units: bigint, decimals: number): string => {
  const scaled = (units / 10n ** BigInt(8 - decimals)).toString().padStart(decimals + 1, '0');
  return decimals === 0 ? scaled : `${scaled.slice(0, -decimals)}.${scaled.slice(-decimals)}`;
};

/** Bids floored and asks ceiled to the tick, sizes summed per tick then floored to the lot, best `depth` kept. */
function expectedView(book: { bids: FakeLevel[]; asks: FakeLevel[] }, inst: Instrument, depth: number): { bids: FakeLevel[]; asks: FakeLevel[] } {
  const tick = toUnits(inst.tickSize);
  const lot = toUnits(inst.lotSize);
  const side = (levels: FakeLevel[], isBid: boolean): FakeLevel[] => {
    const totals = new Map<bigint, bigint>();
    for (const [price, qty] of levels) {
      const units = toUnits(price);
      const bucket = isBid ? (units / tick) * tick : ((units + tick - 1n) / tick) * tick;
      totals.set(bucket, (totals.get(bucket) ?? 0n) + toUnits(qty));
    }
    return [...totals]
      .map(([price, qty]): [bigint, bigint] => [price, (qty / lot) * lot])
      .filter(([, qty]) => qty > 0n)
      .sort(([a], [b]) => (isBid ? Number(b - a) : Number(a - b)))
      .slice(0, depth)
      .map(([price, qty]) => [fromUnits(price, inst.pricePrecision), fromUnits(qty, inst.sizePrecision)]);
  };
  return { bids: side(book.bids, true), asks: side(book.asks, false) };
}

// ---- A consumer that rebuilds the book from emitted events only, checking each one. ----

class ConsumerBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  private readonly sequenced: SequencedBook;

  constructor(inst: Instrument) {
    this.sequenced = new SequencedBook(inst);
  }

  apply(event: SourceEvent): void {
    if (event.type === 'trade') return;
    // The feed's own book must accept every event: on grid, at precision, never crossed.
    const result = this.sequenced.apply(event);
    assert.equal(result.ok, true, `feed refused ${JSON.stringify(event)}: ${JSON.stringify(result)}`);
    if (event.type === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [side, levels] of [[this.bids, event.bids], [this.asks, event.asks]] as const) {
      for (const [price, size] of levels) {
        if (size === '0') side.delete(price);
        else side.set(price, size);
      }
    }
  }

  view(): { bids: FakeLevel[]; asks: FakeLevel[] } {
    return {
      bids: [...this.bids].sort((x, y) => Number(y[0]) - Number(x[0])),
      asks: [...this.asks].sort((x, y) => Number(x[0]) - Number(y[0])),
    };
  }
}

// ---- Deterministic market moves that never cross: bids under 64,999.99, asks over 65,000.50. ----

const amount = (units: number): string => `${Math.floor(units / 1e8)}.${String(units % 1e8).padStart(8, '0')}`;
const cents = (value: number): string => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}000000`;

function* moves(seed: number): Generator<{ b?: FakeLevel[]; a?: FakeLevel[] }> {
  // xorshift32: enough spread for picking levels, exact in 32-bit integer arithmetic.
  let state = seed >>> 0 || 1;
  const next = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
  for (;;) {
    // Prices 0.03 apart, so two or three venue levels share one of our 0.1 ticks.
    const isBid = next(2) === 0;
    const price = isBid ? cents(6_499_970 - 3 * next(12)) : cents(6_500_050 + 3 * next(12));
    const qty = next(4) === 0 ? '0.00000000' : amount(100_000 + next(200_000_000));
    yield isBid ? { b: [[price, qty]] } : { a: [[price, qty]] };
  }
}

const INITIAL: { bids: FakeLevel[]; asks: FakeLevel[] } = {
  bids: [['64999.70000000', '1.00000000'], ['64999.67000000', '0.50000000'], ['64999.64000000', '0.25000000'], ['64999.40000000', '2.00000000']],
  asks: [['65000.50000000', '0.75000000'], ['65000.53000000', '0.10000000'], ['65000.56000000', '1.50000000'], ['65000.80000000', '3.00000000']],
};

// ---- Harness: a fake venue and an adapter pointed at it, torn down after each test. ----

interface Harness {
  fake: FakeBinance;
  events: SourceEvent[];
  bad: { reason: string; input: string }[];
  statuses: BinanceStatus[];
  consumer: ConsumerBook;
  /** Waits until the adapter handled every frame sent so far, then checks the book is exactly the expected view. */
  bookIsExact(what: string): Promise<void>;
  /** Sends one more move (the snapshot is requested on the first buffered diff). */
  move(): void;
  /** Sends a move every 10 ms until `done` holds (at most 200 moves). */
  moveUntil(what: string, done: () => boolean): Promise<void>;
  /** Whether a snapshot was emitted at or after `index` of events. */
  hasSnapshotSince(index: number): boolean;
}

async function startHarness(t: TestContext, options: BinanceSourceOptions = {}): Promise<Harness> {
  const fake = await FakeBinance.start();
  fake.setBook('BTCUSDT', INITIAL, 1000);
  const consumer = new ConsumerBook(BTC);
  const harness: Pick<Harness, 'fake' | 'events' | 'bad' | 'statuses' | 'consumer'> = { fake, events: [], bad: [], statuses: [], consumer };
  const source = new BinanceSource({
    wsUrl: fake.wsUrl,
    restUrl: fake.restUrl,
    symbols: ['BTCUSDT'],
    maxLevels: 5,
    backoff: { baseMs: 10, maxMs: 40 },
    onBadInput: (reason, input) => harness.bad.push({ reason, input }),
    onStatus: (status) => harness.statuses.push(status),
    ...options,
  });
  source.start((event) => {
    harness.events.push(event);
    consumer.apply(event);
  });
  t.after(async () => {
    source.stop();
    await fake.close();
  });
  await waitFor('the adapter to connect', () => fake.clientCount === 1);
  const market = moves(7);
  let markerId = 900_000;
  const maxLevels = options.maxLevels ?? 5;
  const move = (): void => fake.update('BTCUSDT', market.next().value ?? {});
  return {
    ...harness,
    move,
    async moveUntil(what, done) {
      for (let i = 0; i < 200 && !done(); i++) {
        move();
        await sleep(10);
      }
      assert.ok(done(), `gave up waiting for ${what}`);
    },
    hasSnapshotSince: (index) => harness.events.slice(index).some((event) => event.type === 'snapshot'),
    async bookIsExact(what) {
      // Frames arrive in order: once a marker trade sent now is emitted, every earlier frame was handled.
      const id = ++markerId;
      fake.sendTrade('BTCUSDT', { t: id, p: '65000.00000000', q: '0.00100000', m: false, T: 1 });
      await waitFor(`marker trade ${id}`, () => harness.events.some((event) => event.type === 'trade' && event.id === String(id)));
      assert.deepEqual(consumer.view(), expectedView(fake.book('BTCUSDT'), BTC, maxLevels), what);
    },
  };
}

const resyncReasons = (statuses: BinanceStatus[]): string[] => statuses.flatMap((s) => (s.type === 'resync' ? [s.reason] : []));
const bookEventsAfter = (events: SourceEvent[], index: number): SourceEvent[] => events.slice(index).filter((e) => e.type !== 'trade');

describe('Binance adapter against a local fake venue', () => {
  it('subscribes to the combined streams and builds the re-gridded book from snapshot and diffs', async (t) => {
    const h = await startHarness(t);
    assert.deepEqual(h.fake.connections, ['/stream?streams=btcusdt@depth@100ms/btcusdt@trade']);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    // Live diffs in bursts, checking the book after each burst.
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 20; i++) h.move();
      await h.bookIsExact(`book after burst ${burst}`);
    }
    assert.deepEqual(h.fake.snapshotRequests, [{ symbol: 'BTCUSDT', limit: '1000' }]);
    assert.equal(h.events[0]?.type, 'snapshot');
    assert.ok(h.events.filter((event) => event.type === 'levels').length > 20, 'too few levels events');
    assert.ok(h.events.every((event) => event.symbol === 'BTC-USD'), 'an event for another symbol');
    assert.deepEqual(h.bad, []);
    assert.deepEqual(resyncReasons(h.statuses), []);
  });

  it('shows venue levels sharing one of our ticks as one level with their summed size', async (t) => {
    const h = await startHarness(t);
    h.fake.update('BTCUSDT', { b: [['64999.61000000', '0.00000001']] });
    await waitFor('the snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book after one diff');
    // 64999.70 stays alone; 64999.67, .64 and .61 all floor to 64999.6; asks ceil 65000.53 and .56 to 65000.6.
    assert.deepEqual(h.consumer.view().bids.slice(0, 2), [['64999.7', '1.00000000'], ['64999.6', '0.75000001']]);
    assert.deepEqual(h.consumer.view().asks.slice(0, 2), [['65000.5', '0.75000000'], ['65000.6', '1.60000000']]);
  });

  it('drops buffered diffs the snapshot already contains', async (t) => {
    const h = await startHarness(t);
    h.fake.holdSnapshots();
    // Stale by its ids (u <= lastUpdateId 1000), and wrong by its content: applying it would show a bid at 64990.
    h.fake.sendDiff('BTCUSDT', { U: 999, u: 1000, b: [['64990.00000000', '9.00000000']], a: [] });
    await waitFor('the snapshot request', () => h.fake.parkedCount === 1);
    h.move();
    h.move();
    await sleep(50);
    h.fake.releaseSnapshots();
    await waitFor('the snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book after the held snapshot');
    assert.equal(h.consumer.bids.has('64990.0'), false);
    assert.equal(h.fake.snapshotRequests.length, 1);
    assert.deepEqual(resyncReasons(h.statuses), []);
  });

  it('fetches the snapshot again when it is older than the first buffered diff', async (t) => {
    const h = await startHarness(t);
    // Same levels, but as of update 990: diffs 991-1000 are neither in it nor in the stream.
    h.fake.queueSnapshot('BTCUSDT', { ...h.fake.book('BTCUSDT'), lastUpdateId: 990 });
    await h.moveUntil('a snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book from the second snapshot');
    assert.deepEqual(resyncReasons(h.statuses), ['STALE_SNAPSHOT']);
    assert.equal(h.fake.snapshotRequests.length, 2);
    assert.deepEqual(h.bad, []);
  });

  it('detects a gap in update ids and rebuilds the book from a new snapshot', async (t) => {
    const h = await startHarness(t);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    h.move();
    h.move();
    await h.bookIsExact('book before the gap'); // with diffs applied live, so the check after the first one is tested
    const before = h.events.length;
    h.fake.update('BTCUSDT', { a: [['65000.50000000', '0.00000000']] }, { isSilent: true });
    await h.moveUntil('a new snapshot', () => h.hasSnapshotSince(before));
    await h.bookIsExact('book after the resnapshot');
    assert.deepEqual(resyncReasons(h.statuses), ['GAP']);
    assert.equal(bookEventsAfter(h.events, before)[0]?.type, 'snapshot');
    assert.equal(h.fake.snapshotRequests.length, 2);
    assert.deepEqual(h.bad, []);
  });

  it('reconnects after a dropped socket and resnapshots before showing the book again', async (t) => {
    const h = await startHarness(t);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book before the drop');
    const before = h.events.length;
    h.fake.dropClients();
    await waitFor('the close', () => h.statuses.some((s) => s.type === 'closed'));
    // Changes the adapter cannot see: only the new snapshot brings them.
    h.fake.update('BTCUSDT', { b: [['64999.70000000', '0.00000000']] }, { isSilent: true });
    h.fake.update('BTCUSDT', { a: [['65000.50000000', '0.00000000']] }, { isSilent: true });
    await waitFor('the reconnect', () => h.fake.clientCount === 1 && h.fake.connections.length === 2);
    await h.moveUntil('a new snapshot', () => h.hasSnapshotSince(before));
    await h.bookIsExact('book after the reconnect');
    assert.equal(bookEventsAfter(h.events, before)[0]?.type, 'snapshot');
    assert.equal(h.fake.snapshotRequests.length, 2);
    assert.deepEqual(resyncReasons(h.statuses), ['DISCONNECTED']);
    assert.deepEqual(h.bad, []);
  });

  it('reports malformed JSON and resyncs, showing no book until the new snapshot', async (t) => {
    const h = await startHarness(t);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book before the bad frame');
    const before = h.events.length;
    h.fake.sendRaw('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpd');
    await h.moveUntil('a new snapshot', () => h.hasSnapshotSince(before));
    await h.bookIsExact('book after the resync');
    assert.deepEqual(h.bad.map((b) => [b.reason, b.input]), [['MALFORMED_JSON', '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpd']]);
    assert.deepEqual(resyncReasons(h.statuses), ['BAD_INPUT']);
    assert.equal(bookEventsAfter(h.events, before)[0]?.type, 'snapshot');
  });

  it('reports a negative size and never applies the diff that carried it', async (t) => {
    const h = await startHarness(t);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book before the bad diff');
    const before = h.events.length;
    const id = h.fake.book('BTCUSDT').lastUpdateId;
    h.fake.sendDiff('BTCUSDT', { U: id + 1, u: id + 1, b: [['64999.10000000', '-1.00000000']], a: [] });
    h.fake.advanceId('BTCUSDT', 1);
    await h.moveUntil('a new snapshot', () => h.hasSnapshotSince(before));
    await h.bookIsExact('book after the resync');
    assert.deepEqual(h.bad.map((b) => b.reason), ['NEGATIVE_SIZE']);
    assert.deepEqual(resyncReasons(h.statuses), ['BAD_INPUT']);
    assert.equal(bookEventsAfter(h.events, before)[0]?.type, 'snapshot');
  });

  it('reports an update id going backwards and resyncs', async (t) => {
    const h = await startHarness(t);
    await h.moveUntil('the first snapshot', () => h.hasSnapshotSince(0));
    h.move();
    await h.bookIsExact('book before the replayed diff');
    const before = h.events.length;
    const id = h.fake.book('BTCUSDT').lastUpdateId;
    h.fake.sendDiff('BTCUSDT', { U: id - 1, u: id - 1, b: [['64999.10000000', '5.00000000']], a: [] });
    await h.moveUntil('a new snapshot', () => h.hasSnapshotSince(before));
    await h.bookIsExact('book after the resync');
    assert.deepEqual(h.bad.map((b) => b.reason), ['UPDATE_ID_BACKWARDS']);
    assert.equal(bookEventsAfter(h.events, before)[0]?.type, 'snapshot');
    assert.equal(h.consumer.bids.has('64999.1'), false);
  });

  it('reports a crossed snapshot, emits nothing from it and fetches another', async (t) => {
    const h = await startHarness(t);
    // The snapshot is requested on the first diff, so the crossed one queued now is served first.
    h.fake.queueSnapshot('BTCUSDT', { lastUpdateId: 1000, bids: [['65001.00000000', '1.00000000']], asks: [['65000.50000000', '1.00000000']] });
    await h.moveUntil('a snapshot', () => h.hasSnapshotSince(0));
    await h.bookIsExact('book from the second snapshot');
    assert.deepEqual(h.bad.map((b) => b.reason), ['CROSSED_SNAPSHOT']);
    assert.deepEqual(resyncReasons(h.statuses), ['BAD_INPUT']);
    assert.equal(h.events[0]?.type, 'snapshot');
    assert.equal(h.fake.snapshotRequests.length, 2);
  });

  it('maps trades: aggressor from m, price re-gridded towards the side hit, id and time kept', async (t) => {
    const h = await startHarness(t);
    h.fake.sendTrade('BTCUSDT', { t: 501, p: '65000.05000000', q: '0.00150000', m: true, T: 1_700_000_000_123 });
    h.fake.sendTrade('BTCUSDT', { t: 502, p: '65000.05000000', q: '0.00150000', m: false, T: 1_700_000_000_124 });
    h.fake.sendTrade('BTCUSDT', { t: 503, p: '65000.05000000', q: '-1', m: false, T: 1_700_000_000_125 });
    await waitFor('two trades and one report', () => h.events.length >= 2 && h.bad.length >= 1);
    assert.deepEqual(h.events, [
      { type: 'trade', symbol: 'BTC-USD', ts: 1_700_000_000_123, id: '501', price: '65000.0', size: '0.00150000', side: 'sell' },
      { type: 'trade', symbol: 'BTC-USD', ts: 1_700_000_000_124, id: '502', price: '65000.1', size: '0.00150000', side: 'buy' },
    ]);
    assert.deepEqual(h.bad.map((b) => b.reason), ['MALFORMED_TRADE']);
    assert.deepEqual(resyncReasons(h.statuses), []);
  });
});
