// The feed-ingest worker: runs a market source, keeps the authoritative book of every instrument,
// and publishes deltas, snapshots, trades, candles and the composite index to the broker.
import type { Runtime } from '../../lib/runtime.ts';
import type { Candle } from '../../lib/market/candle.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { getMetrics } from '../../lib/metrics.ts';
import { SNAPSHOT_REQUEST_CHANNEL } from '../../lib/protocol/channels.ts';
import { backfillCandles } from './backfill.ts';
import { CandleStore } from './candle-store.ts';
import { DayChange } from './day-change.ts';
import { getFeedMetrics } from './feed-metrics.ts';
import { buildIndexTick, publishIndexTick } from './index-publisher.ts';
import { InstrumentFeed, type RefusedEvent } from './instrument-feed.ts';
import type { Carryover } from './feed-follower.ts';
import { createSource } from './sources/create-source.ts';
import type { FeedSource, SourceEvent } from './sources/source.ts';

const SNAPSHOT_EVERY_MS = 1000;
const INDEX_EVERY_MS = 250;
const CANDLE_CLOCK_EVERY_MS = 250;
const CANDLE_FLUSH_EVERY_MS = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A running feed. */
export interface FeedWorker {
  close(): Promise<void>;
}

/** How a feed starts: as a leader's term, or alone (tests). */
export interface FeedOptions {
  /** Overrides the configured source (tests). */
  source?: FeedSource;
  /** This run of the books' sequences: readers drop their copies when it grows. The fence token of a leader's term. */
  epoch?: number;
  /** False once this process may no longer lead: nothing more is published (the fence's epoch covers what already left). */
  isLeading?: () => boolean;
  /** Where the previous leader stopped, as a standby followed it. */
  carryover?: Carryover;
}

/** Starts the feed. */
export async function startFeed(runtime: Runtime, options: FeedOptions = {}): Promise<FeedWorker> {
  const { broker, logger, db, config } = runtime;
  const metrics = getFeedMetrics();
  const onError = (error: unknown): void => logger.warn({ err: error }, 'feed publish failed');
  const store = new CandleStore(db.prisma);
  // 1s candles are live only: storing them would add ~780,000 rows a day for a frame nobody charts a day back.
  const storeClosed = (candle: Candle): void => {
    if (candle.timeframe !== '1s') store.add(candle);
  };
  // Without a fence (a lone feed in tests) the start time grows from one run to the next as well.
  const epoch = options.epoch ?? Date.now();
  const isLeading = options.isLeading ?? (() => true);
  logger.info({ epoch }, 'feed epoch');
  const feeds = new Map(INSTRUMENTS.map((inst) => [inst.symbol, new InstrumentFeed(inst, broker, epoch, storeClosed, onError)]));
  const lastCloses = await backfill(runtime, store, [...feeds.values()]);
  const startPrices = new Map([...lastCloses, ...(options.carryover?.startPrices ?? [])]);
  // Oldest first, so every frame ends on its newest candle.
  for (const candle of options.carryover?.candles ?? []) {
    feeds.get(candle.symbol)?.resumeCandles(candle);
    // The old leader may have died before writing it; stored candles are kept as they were.
    if (candle.isClosed) storeClosed(candle);
  }

  const source =
    options.source ??
    createSource(config.feed, {
      startPrices,
      onBadInput: (from, reason, input, detail) => logger.warn({ source: from, reason, input: input.slice(0, 200) }, `refused ${from} input: ${detail}`),
    });
  const indexDay = new DayChange();
  source.start((event) => route(event));
  // A new epoch's first snapshot, at once: readers switching epochs resync from it.
  void storeSnapshots(true);

  const timers = [
    setInterval(() => void storeSnapshots(false), SNAPSHOT_EVERY_MS),
    setInterval(() => publishIndex(), INDEX_EVERY_MS),
    setInterval(() => tickCandles(), CANDLE_CLOCK_EVERY_MS),
    setInterval(() => void store.flush().catch((error: unknown) => logger.warn({ err: error }, 'candle flush failed')), CANDLE_FLUSH_EVERY_MS),
  ];
  const unsubscribeRequests = await broker.subscribe(SNAPSHOT_REQUEST_CHANNEL, (symbol) => {
    if (!isLeading()) return;
    metrics.snapshotRequests.inc();
    void feeds.get(symbol)?.publisher.storeSnapshot(true).catch(onError);
  });
  // After a broker outage gateways resync from snapshots: make sure fresh ones are there.
  const stopWatchingState = broker.onStateChange((state) => {
    if (state === 'ready') void storeSnapshots(true);
  });
  logger.info({ source: config.feed.source, instruments: feeds.size }, 'feed started');

  function route(event: SourceEvent): void {
    if (!isLeading()) return;
    const feed = feeds.get(event.symbol);
    const refused = feed ? feed.handle(event) : { symbol: event.symbol, error: { code: 'UNKNOWN_SYMBOL' as const, message: 'not a listed instrument' } };
    if (refused) reportRefused(refused);
  }

  function reportRefused(refused: RefusedEvent): void {
    getMetrics().badInput.inc({ source: 'feed', reason: refused.error.code });
    logger.warn({ symbol: refused.symbol, code: refused.error.code }, `refused source event: ${refused.error.message}`);
  }

  async function storeSnapshots(force: boolean): Promise<void> {
    if (!isLeading()) return;
    await Promise.all([...feeds.values()].map((feed) => feed.publisher.storeSnapshot(force))).catch(onError);
  }

  function publishIndex(): void {
    if (!isLeading()) return;
    const tick = buildIndexTick([...feeds.values()], indexDay, Date.now());
    if (tick) publishIndexTick(broker, tick).catch(onError);
  }

  function tickCandles(): void {
    if (!isLeading()) return;
    const now = Date.now();
    for (const feed of feeds.values()) {
      feed.tickCandles(now);
      feed.publishOpenCandles();
    }
  }

  return {
    async close() {
      source.stop();
      for (const timer of timers) clearInterval(timer);
      stopWatchingState();
      await unsubscribeRequests().catch(onError);
      await store.flush().catch(onError);
    },
  };
}

/**
 * Writes a day of 1m history for every instrument with none from the last day (a first start): charts
 * have something to show at once. Seconds of CPU on a fresh database, so a feed does it before it
 * campaigns for the lease, never while leading (it would stall the lease's renewals).
 */
export async function ensureCandleHistory(runtime: Runtime): Promise<void> {
  const store = new CandleStore(runtime.db.prisma);
  const now = Date.now();
  for (const instrument of INSTRUMENTS) {
    const newest = await store.newestMinute(instrument.symbol);
    if (newest !== null && newest > now - DAY_MS) continue;
    for (const candle of backfillCandles(instrument, now, Number(instrument.referencePrice), runtime.config.feed.seed)) store.add(candle);
  }
  const written = await store.flush();
  if (written > 0) runtime.logger.info({ candles: written }, 'backfilled a day of candle history');
}

// The 24h reference of every quote from the stored minutes (history first, if there is none yet).
// Returns each symbol's last stored close, where a restarted simulator carries on from.
async function backfill(runtime: Runtime, store: CandleStore, feeds: InstrumentFeed[]): Promise<Map<string, number>> {
  await ensureCandleHistory(runtime);
  const now = Date.now();
  const lastCloses = new Map<string, number>();
  for (const feed of feeds) {
    const minutes = await store.minuteCloses(feed.symbol, now - DAY_MS);
    for (const { openTime, close } of minutes) feed.dayChange.record(openTime, Number(close));
    const last = minutes.at(-1);
    if (!last) continue;
    feed.continueCandlesFrom(last.close, last.openTime);
    lastCloses.set(feed.symbol, Number(last.close));
  }
  return lastCloses;
}
