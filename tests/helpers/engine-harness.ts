// Everything an engine integration test needs: its own PostgreSQL database, a broker (memory, or
// Redis under its own prefix), a runtime, synthetic books, the order queue and users' event streams.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { loadConfig } from '../../lib/config.ts';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { ORDER_QUEUE, bookChannel, bookSnapshotKey, userChannel } from '../../lib/protocol/channels.ts';
import type { OrderQueueEntry, OrderRequest } from '../../lib/protocol/orders.ts';
import type { OrderEvent } from '../../lib/protocol/order-events.ts';
import type { Runtime } from '../../lib/runtime.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from './services.ts';
import { deleteRedisKeys } from './redis-keys.ts';
import type { SyntheticBook } from './synthetic-book.ts';
import { waitFor } from './wait-for.ts';

/** Broker messages a test never wants printed. */
export const quietBrokerLogger = { warn: () => {}, info: () => {} };

/** The events one user received, in order, with a way to wait for more. */
export class EventLog {
  readonly events: OrderEvent[] = [];

  /** The events of one type. */
  ofType<T extends OrderEvent['type']>(type: T): Extract<OrderEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<OrderEvent, { type: T }> => event.type === type);
  }

  /** Waits until `count` events of `type` arrived and returns them. */
  async waitForType<T extends OrderEvent['type']>(type: T, count = 1, timeoutMs = 5000): Promise<Extract<OrderEvent, { type: T }>[]> {
    return waitFor(`${count} ${type} event(s)`, () => this.ofType(type).length >= count && this.ofType(type), timeoutMs);
  }
}

/** A test's database, broker and runtime. */
export interface EngineHarness {
  kind: 'memory' | 'redis';
  broker: Broker;
  db: Database;
  runtime: Runtime;
  /** The broker prefix (Redis), for child processes sharing it. */
  prefix: string;
  databaseUrl: string;
  /** Stores a book's snapshot under its key, as the feed does. */
  storeSnapshot(book: SyntheticBook): Promise<void>;
  publishDelta(delta: BookDelta): Promise<void>;
  enqueue(userId: string, request: OrderRequest, receivedAt?: number): Promise<string>;
  /** Subscribes to a user's channel; the log fills as events arrive. */
  listen(userId: string): Promise<EventLog>;
  close(): Promise<void>;
}

/** Opens a fresh database and broker; `close()` drops the database and deletes the Redis keys. */
export async function openEngineHarness(kind: 'memory' | 'redis'): Promise<EngineHarness> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'tickwire-engine-'));
  const db = await openDatabase({ databaseUrl: database.url, dataDir, migrate: true });
  const prefix = uniquePrefix('twengine');
  const broker =
    kind === 'memory' ? new MemoryBroker({ logger: quietBrokerLogger }) : createBroker({ redisUrl: TEST_REDIS_URL, prefix, logger: quietBrokerLogger });
  await waitFor('broker ready', () => broker.state === 'ready');
  const runtime: Runtime = { config: loadConfig('all', {}), logger: pino({ level: 'silent' }), broker, db, startedAt: Date.now() };
  const unsubscribes: (() => Promise<void>)[] = [];
  return {
    kind,
    broker,
    db,
    runtime,
    prefix,
    databaseUrl: database.url,
    storeSnapshot: (book) => broker.set(bookSnapshotKey(book.snapshot().symbol), JSON.stringify(book.snapshot())),
    publishDelta: (delta) => broker.publish(bookChannel(delta.symbol), JSON.stringify({ type: 'book.delta', ...delta })),
    enqueue: (userId, request, receivedAt = Date.now()) => {
      const entry: OrderQueueEntry = { userId, request, receivedAt, node: 'test' };
      return broker.enqueue(ORDER_QUEUE, JSON.stringify(entry));
    },
    listen: async (userId) => {
      const log = new EventLog();
      unsubscribes.push(await broker.subscribe(userChannel(userId), (payload) => log.events.push(JSON.parse(payload) as OrderEvent)));
      return log;
    },
    close: async () => {
      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
      await broker.close();
      await db.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
      if (kind === 'redis') await deleteRedisKeys(prefix);
    },
  };
}
