// A lone feed (no standby) killed and restarted in distributed mode starts its sequences again at 1
// under a new epoch once the old lease lapsed: every gateway client must get the new book
// (checksum-exact) within 2 s of the new feed's first snapshot, not a frozen old one, and the engine
// must price orders on the new book.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ticksToPrice } from '../../lib/market/decimal.ts';
import type { OrderFilledEvent } from '../../lib/protocol/order-events.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, TradingClient } from '../helpers/trading-client.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook, type BookWatcher } from '../helpers/ws-book-client.ts';

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'AAPL'];

describe('a feed restarted under clients and orders (distributed)', () => {
  const prefix = uniquePrefix('twrestart');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let shared: Record<string, string>;
  const processes: Record<string, TickwireProcess> = {};
  const watchers: BookWatcher[] = [];
  let trader: TradingClient | undefined;

  before(async () => {
    database = await createTestDatabase();
    shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '100' };
    processes.feed = await startTickwire('feed', { ...shared, NODE_ID: 'feed-1' });
    const [engine, gateway, web] = await startRoles([
      { role: 'engine', env: { ...shared, NODE_ID: 'engine-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
      { role: 'web', env: { ...shared, NODE_ID: 'web-1', PORT: String(await freePort()) } },
    ]);
    Object.assign(processes, { engine, gateway, web });
    const url = `ws://127.0.0.1:${gateway?.port}/ws`;
    for (const symbol of SYMBOLS) watchers.push(await watchBook(url, symbol), await watchBook(url, symbol, { depth: 10 }));
    const session = await openSession(web?.baseUrl ?? '');
    trader = await TradingClient.connect(url, { token: session.token, via: 'bearer' });
  });

  after(async () => {
    trader?.close();
    for (const watcher of watchers) watcher.close();
    await Promise.all(Object.values(processes).map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('gives every client the new book within 2 s of its first snapshot, and the engine trades on it', async () => {
    await waitFor('every watcher live', () => watchers.every((w) => w.replica() !== undefined), 20_000);
    // Long enough that the old sequences are far ahead of where the new ones start.
    await waitFor('the old feed well under way', () => watchers.every((w) => (w.replica()?.seq ?? 0) > 150), 20_000);
    const oldEpoch = watchers[0]?.replica()?.epoch;
    assert.ok(oldEpoch);

    await processes.feed?.kill();
    const restarted = await startTickwire('feed', { ...shared, NODE_ID: 'feed-2' });
    processes.feed = restarted;
    // The killed feed's lease lapses first (LEADER_LEASE_MS); then the new one leads under a new epoch
    // and stores its first snapshots right after logging it: the clock starts no later than here.
    const epochLine = (): Record<string, unknown> | undefined => restarted.logs.find((line) => line.msg === 'feed epoch');
    await waitFor('the restarted feed leading', () => epochLine() !== undefined, 10_000, 5);
    const firstSnapshotBy = Date.now();
    const newEpoch = Number(epochLine()?.epoch);
    assert.ok(newEpoch > oldEpoch, `new epoch ${newEpoch} after ${oldEpoch}`);

    await waitFor(
      'every client on the new epoch, exact and moving',
      () => watchers.every((w) => w.replica()?.epoch === newEpoch && (w.replica()?.seq ?? 0) >= 3),
      2_000,
      20,
    );
    const recoveredMs = Date.now() - firstSnapshotBy;
    for (const watcher of watchers) {
      assert.deepEqual(watcher.problems, [], 'no gap, checksum mismatch or foreign-epoch delta reached a client');
      const snapshots = watcher.messages.filter((m) => m.type === 'book.snapshot');
      assert.equal(snapshots.at(-1)?.type === 'book.snapshot' && snapshots.at(-1)?.epoch, newEpoch, 'the gateway sent the new epoch with a fresh snapshot');
    }
    assert.ok(recoveredMs <= 2_000, `recovered in ${recoveredMs} ms`);

    // The engine follows the new epoch too: a market order fills against the new book.
    const engineSaw = (): boolean => processes.engine?.logs.some((l) => l.symbol === 'BTC-USD' && /feed epoch changed/.test(String(l.reason))) ?? false;
    await waitFor('the engine to take the new epoch', engineSaw, 5_000);
    const book = watchers[0]?.replica();
    assert.ok(book);
    trader?.send({ op: 'order.place', id: 'after-restart', clientOrderId: 'after-restart-1', symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01' });
    const fill = (await trader?.waitFor('the fill', (m) => m.type === 'order.filled')) as OrderFilledEvent | undefined;
    assert.ok(fill);
    const askTicks = book.book.top('ask', 1)[0]?.[0];
    assert.ok(askTicks !== undefined);
    const bestAsk = Number(ticksToPrice(askTicks, book.instrument));
    assert.ok(Math.abs(Number(fill.price) - bestAsk) / bestAsk < 0.01, `filled at ${fill.price}, the new book's ask was near ${bestAsk}`);
  });
});
