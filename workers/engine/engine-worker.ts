// The mock-trading engine: mirrors the books, consumes the order queue and fills resting orders
// from market data — all of it through one serial queue, because the engine is the single writer.
import { ORDER_QUEUE } from '../../lib/protocol/channels.ts';
import { INSTRUMENTS, type Instrument } from '../../lib/market/instruments.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { engineBackstop } from '../../lib/limits/order-budget.ts';
import { DEFAULT_ENGINE_LIMITS, type EngineLimits } from './engine-limits.ts';
import { getEngineMetrics } from './engine-metrics.ts';
import { MarketData } from './market-data.ts';
import { AccountGuess } from './account-guess.ts';
import { GroupCommit } from './group-commit.ts';
import { startDeadmanWatch } from './deadman-watch.ts';
import { createOrderEntryHandler } from './order-entry-handler.ts';
import { OPEN_STATUSES, toOrderRecord } from './order-record.ts';
import { RateLimiter } from './rate-limiter.ts';
import { RestingFillScheduler } from './resting-fill-scheduler.ts';
import { StopTriggerScheduler } from './stop-trigger-scheduler.ts';
import { OpenOrderIndex } from './open-order-index.ts';
import { SerialQueue } from './serial-queue.ts';
import { raiseFence, type Fence } from '../../lib/leadership/fence.ts';
import { getLeadershipMetrics } from '../../lib/leadership/leadership-metrics.ts';

/** Tuning for tests and deployments; every field has a default. */
export interface EngineOptions {
  limits: EngineLimits;
  instruments: readonly Instrument[];
  /** The consumer name in the `engine` group; stable across restarts so a restarted engine resumes its own pending entries. */
  consumer: string;
  /** Entries another consumer held this long are presumed abandoned and claimed. */
  claimIdleMs: number;
  /** How long start waits for every book to be in sync before taking orders anyway. */
  waitForBooksMs: number;
  transactionTimeoutMs: number;
  /** Queue entries read (and at most committed together) at once. */
  batchSize: number;
  /** How long orders wait for a book that is resyncing before they are refused with MARKET_CLOSED. */
  resyncGraceMs: number;
  /** The leader's term every write carries; a lone engine (tests) raises its own. */
  fence?: Fence;
  /** False once this process may no longer lead: no outcome is published or acknowledged after that. */
  isLeading: () => boolean;
  /** Told when the fence refused a write (a newer engine leads). */
  onFenced: () => void;
  /** The books a standby kept in sync, already started (the engine does not close them). */
  marketData?: MarketData;
}

/** A running engine. */
export interface Engine {
  /** Stops taking entries, finishes the one in progress and any queued fills. */
  close(): Promise<void>;
}

/** The consumer group of the order queue; one engine reads it. */
export const ENGINE_GROUP = 'engine';

const DEFAULT_OPTIONS: EngineOptions = {
  limits: DEFAULT_ENGINE_LIMITS,
  instruments: INSTRUMENTS,
  consumer: 'engine',
  claimIdleMs: 5000,
  waitForBooksMs: 5000,
  transactionTimeoutMs: 15_000,
  batchSize: 64,
  resyncGraceMs: 2000,
  isLeading: () => true,
  onFenced: () => {},
};

/** Starts the engine on the process's broker and database. */
export async function startEngine(runtime: Runtime, overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  // The place limiter sits above the gateway's budget (the same settings), so an honest client meets one limit only.
  const limits = overrides.limits ?? { ...DEFAULT_ENGINE_LIMITS, ...engineBackstop(runtime.config.orderLimits.perUser) };
  const options = { ...DEFAULT_OPTIONS, ...overrides, limits };
  // Its series exist at zero from the start, before the first order.
  getEngineMetrics();
  const { broker, logger } = runtime;
  const prisma = runtime.db.prisma;
  const fence = options.fence ?? (await raiseFence(prisma, 'engine', options.consumer));
  const onFenced = (): void => {
    logger.warn({ token: String(fence.token) }, 'a write was fenced off: a newer engine leads');
    getLeadershipMetrics().fencedWrites.inc({ role: 'engine' });
    options.onFenced();
  };
  const term = { fence, onFenced };
  const serial = new SerialQueue();
  const index = new OpenOrderIndex();
  for (const row of await prisma.order.findMany({ where: { status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } })) {
    index.update(toOrderRecord(row));
  }
  // A standby's books are in sync already: taking over does not wait for snapshots.
  const marketData = options.marketData ?? new MarketData(broker, logger, options.instruments);
  const { liveBook, lastTrade } = marketData;
  const { transactionTimeoutMs } = options;
  const guess = new AccountGuess();
  const fills = new RestingFillScheduler({ prisma, broker, logger, serial, index, liveBook, transactionTimeoutMs, guess, ...term });
  const stops = new StopTriggerScheduler({ prisma, broker, logger, serial, index, liveBook, lastTrade, transactionTimeoutMs, guess, ...term });
  index.onStopIndexed = (stop) => stops.onStopIndexed(stop);
  marketData.listen({
    onBook: (symbol) => fills.onBook(symbol),
    // Fills of what rests first, then the stops the same print sets off.
    onTrade: (symbol, trade) => {
      fills.onTrade(symbol, trade);
      stops.onTrade(symbol, trade.priceTicks);
    },
  });
  if (options.marketData === undefined) await marketData.start();
  if (!(await marketData.whenLive(options.waitForBooksMs))) logger.warn('engine starting before every book is in sync; those symbols reject with MARKET_CLOSED');

  const rateLimiter = new RateLimiter(options.limits.opsPerSecond, options.limits.opsBurst);
  const place = { liveBook, lastTrade, limits: options.limits, rateLimiter, guess, ...term };
  const deadman = await startDeadmanWatch({ prisma, broker, logger, serial, index, transactionTimeoutMs, guess, ...term });
  const handler = createOrderEntryHandler({ prisma, broker, logger, index, place, deadman, transactionTimeoutMs, isLeading: options.isLeading });
  const groupCommit = new GroupCommit(serial, handler, {
    onBatchFailed: (error, size) => logger.warn({ err: error, size }, 'order batch failed; retrying its entries one by one'),
    whenReady: () => marketData.whenResynced(options.resyncGraceMs),
  });
  // Each read is handed over whole, so everything waiting is committed together (group commit).
  const consumeOptions = { group: ENGINE_GROUP, consumer: options.consumer, claimIdleMs: options.claimIdleMs, batchSize: options.batchSize, isBatched: true };
  const consumer = await broker.consume(ORDER_QUEUE, consumeOptions, (entry) => groupCommit.submit(entry));
  logger.info({ resting: index.size, consumer: options.consumer }, 'engine started');

  return {
    close: async () => {
      await consumer.stop();
      await deadman.close();
      // A standby's books stay in sync for its next term.
      if (options.marketData === undefined) await marketData.close();
      else marketData.listen(undefined);
      await serial.drain();
    },
  };
}
