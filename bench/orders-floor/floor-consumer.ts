// The floor of the order round trip: a bare consumer in the engine's place, with none of its logic.
// It reads the order queue as the engine's consumer group does (XREADGROUP, up to 64 entries), makes
// one PostgreSQL INSERT per order or per read (floor-writes.ts; FLOOR_INSERT=order|batch), publishes
// one `order.filled` per order on the user's channel as the engine publishes its events (JSON on the
// prefixed channel, ioredis with auto-pipelining, a read's publishes issued before any is awaited)
// and acknowledges the read with one XACK, not awaited before the next read (as the engine's consumer).
// Like the engine's consumer it trims acknowledged entries every second: the gateways refuse new
// orders (UNAVAILABLE) once the queue holds ORDER_QUEUE_MAX entries, which an untrimmed queue reaches.
// No account read, no book, no fill row, no position, no zod, no Prisma.
// Run as its own process: `node --import tsx bench/orders-floor/floor-consumer.ts` with REDIS_URL,
// REDIS_PREFIX and DATABASE_URL; it prints one line when ready and stops on SIGTERM, when its parent
// goes (stdin closes), or after FLOOR_MAX_LIFETIME_MS whatever happens.
import { Redis } from 'ioredis';
import pg from 'pg';
import { redisNames } from '../../lib/broker/redis-names.ts';
import { DEFAULT_TRIM_INTERVAL_MS } from '../../lib/broker/redis-queue-consumer.ts';
import { trimAcknowledged } from '../../lib/broker/redis-queue-trim.ts';
import { parseGroupRead } from '../../lib/broker/redis-replies.ts';
import { ORDER_QUEUE, userChannel } from '../../lib/protocol/channels.ts';
import type { OrderFilledEvent } from '../../lib/protocol/order-events.ts';
import type { OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { FLOOR_CONSUMER, FLOOR_GROUP, FLOOR_READY_LINE, FLOOR_STATS_LINE } from './floor-process.ts';
import { writeOrders, type FloorOrder, type Placed } from './floor-writes.ts';

// The engine's batch size (engine-worker.ts) and the queue consumer's longest block.
const BATCH_SIZE = 64;
const BLOCK_MS = 1000;

/** The `order.filled` the floor answers with; no book is read, so the price and fee are zero. */
function floorFilledEvent(order: FloorOrder, placed: Placed): OrderFilledEvent {
  const { clientOrderId, symbol, side, quantity } = order;
  const zero = '0.00000000';
  return { type: 'order.filled', orderId: placed.id, clientOrderId, symbol, side, fillId: placed.id, price: zero, size: quantity, fee: zero, liquidity: 'taker', filledQty: quantity, avgPrice: zero, status: 'filled', ts: placed.createdAtMs };
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const mode = process.env.FLOOR_INSERT === 'order' ? 'order' : 'batch';
  const names = redisNames(required('REDIS_PREFIX'));
  const queue = names.queue(ORDER_QUEUE);
  const options = { enableAutoPipelining: true, maxRetriesPerRequest: null };
  const command = new Redis(required('REDIS_URL'), { ...options, connectionName: 'orders-floor' });
  const reader = new Redis(required('REDIS_URL'), { ...options, connectionName: 'orders-floor-reader' });
  const db = new pg.Client({ connectionString: required('DATABASE_URL') });
  await db.connect();
  await command.xgroup('CREATE', queue, FLOOR_GROUP, '0', 'MKSTREAM').catch((error: unknown) => {
    if (!String(error).includes('BUSYGROUP')) throw error;
  });

  let isRunning = true;
  const stop = (): void => {
    isRunning = false;
    // Ends a blocking read at once; whatever it held is dropped with the consumer below.
    reader.disconnect();
  };
  process.once('SIGTERM', stop);
  process.stdin.once('close', stop);
  process.stdin.resume();
  const lifetime = setTimeout(stop, Number(process.env.FLOOR_MAX_LIFETIME_MS ?? 30 * 60_000));
  const pendingAcks = new Set<Promise<unknown>>();
  // Cumulative; printed on SIGUSR2 (the benchmark's snapshot around a phase) and at the end.
  const stats = { reads: 0, entries: 0, placed: 0, failed: 0, insert: { count: 0, sumMs: 0 } };
  const printStats = (msg: string): boolean => process.stdout.write(`${JSON.stringify({ msg, ...stats })}\n`);
  process.on('SIGUSR2', () => printStats(FLOOR_STATS_LINE));
  process.stdout.write(`${JSON.stringify({ msg: FLOOR_READY_LINE, pid: process.pid, mode })}\n`);

  let lastTrimAtMs = Date.now();
  while (isRunning) {
    // As often as the engine's queue consumer trims.
    if (Date.now() - lastTrimAtMs >= DEFAULT_TRIM_INTERVAL_MS) {
      lastTrimAtMs = Date.now();
      await Promise.allSettled(pendingAcks);
      await trimAcknowledged(command, queue).catch((error: unknown) => process.stderr.write(`orders floor: trim failed: ${String(error)}\n`));
    }
    let raw: unknown;
    try {
      raw = await reader.xreadgroup('GROUP', FLOOR_GROUP, FLOOR_CONSUMER, 'COUNT', BATCH_SIZE, 'BLOCK', BLOCK_MS, 'STREAMS', queue, '>');
    } catch (error) {
      if (isRunning) throw error;
      break;
    }
    const done: string[] = [];
    const orders: (FloorOrder & { entryId: string })[] = [];
    for (const entry of parseGroupRead(raw)) {
      const { userId, request } = JSON.parse(entry.data) as OrderQueueEntry;
      // The benchmark sends market orders only; anything else is acknowledged unanswered.
      if (request.op !== 'order.place' || request.clientOrderId === undefined) done.push(entry.id);
      else orders.push({ entryId: entry.id, userId, clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, quantity: request.quantity });
    }
    const publishes: Promise<unknown>[] = [];
    const onPlaced = (order: FloorOrder & { entryId: string }, placed: Placed): void => {
      publishes.push(command.publish(names.channel(userChannel(order.userId)), JSON.stringify(floorFilledEvent(order, placed))));
      done.push(order.entryId);
      stats.placed += 1;
    };
    // Left pending and never answered: the benchmark counts it lost.
    const onFailed = (order: FloorOrder & { entryId: string }, error: unknown): void => {
      stats.failed += 1;
      process.stderr.write(`orders floor: ${order.entryId} not written: ${error instanceof Error ? error.message : String(error)}\n`);
    };
    const onStatement = (ms: number): void => {
      stats.insert.count += 1;
      stats.insert.sumMs += ms;
    };
    const entries = orders.length + done.length;
    if (entries > 0) {
      stats.reads += 1;
      stats.entries += entries;
    }
    await writeOrders(db, mode, orders, { onPlaced, onFailed, onStatement });
    await Promise.all(publishes);
    if (done.length === 0) continue;
    const ack = command.xack(queue, FLOOR_GROUP, ...done).finally(() => pendingAcks.delete(ack));
    pendingAcks.add(ack);
  }

  clearTimeout(lifetime);
  await Promise.allSettled(pendingAcks);
  // Whatever this consumer left pending goes with it, so no floor order ever reaches the engine.
  await command.xgroup('DELCONSUMER', queue, FLOOR_GROUP, FLOOR_CONSUMER).catch(() => undefined);
  await db.end();
  await command.quit();
  printStats('orders floor stopped');
}

main().then(
  // stdin (watched for the parent going away) would keep the process alive.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`orders floor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
