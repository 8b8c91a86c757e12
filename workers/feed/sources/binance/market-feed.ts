// One Binance symbol inside the adapter: its DepthSync, when to fetch its REST snapshot (once a diff
// is buffered, per the venue's procedure, so the snapshot is not older than the stream), resyncs
// with backoff, and its trades.
import type { SourceEvent } from '../source.ts';
import type { BinanceBadInput } from './bad-input.ts';
import { backoffDelayMs, type BackoffOptions } from '../../../../lib/util/backoff.ts';
import type { BinanceMarket } from './binance-markets.ts';
import type { BinanceTrade, DepthUpdate } from './binance-messages.ts';
import type { BinanceStatus } from './binance-status.ts';
import { fetchDepthSnapshot, type SnapshotFetch } from './depth-snapshot-client.ts';
import { DepthSync, type ResyncReason, type SyncStep } from './depth-sync.ts';
import { mapTrade } from './trade-mapper.ts';
import { venueGridOf, type VenueGrid } from './venue-grid.ts';

/** What a MarketFeed needs from the adapter around it. */
export interface MarketFeedHost {
  emit(event: SourceEvent): void;
  report(bad: BinanceBadInput, input: string): void;
  status(status: BinanceStatus): void;
  /** Whether a snapshot may be fetched now (running and connected). */
  canFetch(): boolean;
  /** Aborted when the adapter stops, cancelling every request. */
  signal(): AbortSignal;
}

/** Settings shared by every symbol. */
export interface MarketFeedOptions {
  restUrl: string;
  snapshotLimit: number;
  snapshotTimeoutMs: number;
  maxLevels: number;
  maxBuffered: number;
  backoff: BackoffOptions;
}

const MAX_SNAPSHOT_CHARS = 8_000_000;

/** The state of one symbol. */
export class MarketFeed {
  private readonly sync: DepthSync;
  private readonly grid: VenueGrid;
  /** Bumped to ignore the answer to a snapshot request made before a resync. */
  private generation = 0;
  private isFetching = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;

  constructor(
    readonly market: BinanceMarket,
    private readonly host: MarketFeedHost,
    private readonly options: MarketFeedOptions,
  ) {
    this.sync = new DepthSync(market.instrument, options);
    this.grid = venueGridOf(market.instrument);
  }

  /** Handles one validated diff; `input` is the raw frame, for reports. */
  onDiff(update: DepthUpdate, input: string): void {
    this.handle(this.sync.onDiff(update), input);
  }

  /** Emits one validated trade, or reports it. */
  onTrade(trade: BinanceTrade, input: string): void {
    const mapped = mapTrade(trade, this.market.instrument, this.grid);
    if (mapped.kind === 'trade') this.host.emit(mapped.event);
    else if (mapped.kind === 'bad') this.host.report(mapped.bad, input);
  }

  /** Discards the book and fetches a new snapshot after a backoff delay. */
  resync(reason: ResyncReason, minDelayMs = 0): void {
    this.discard();
    this.host.status({ type: 'resync', symbol: this.market.instrument.symbol, reason });
    this.retryLater(minDelayMs);
  }

  /** The stream is gone: discard the book; the next connection's first diff starts a new sync. */
  disconnect(): void {
    // Only a book that existed or was being built is worth a status; repeated failed connects are not.
    const hadBook = !this.sync.isBuffering || this.sync.bufferedCount > 0;
    this.discard();
    this.attempt = 0;
    if (hadBook) this.host.status({ type: 'resync', symbol: this.market.instrument.symbol, reason: 'DISCONNECTED' });
  }

  /** Forgets everything and cancels timers; answers still in flight are ignored. */
  discard(): void {
    this.sync.reset();
    this.generation += 1;
    this.isFetching = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private handle(step: SyncStep, input: string): void {
    switch (step.kind) {
      case 'none':
        break;
      case 'emit':
        if (step.event.type === 'snapshot') {
          this.attempt = 0;
          this.host.status({ type: 'synced', symbol: this.market.instrument.symbol });
        }
        this.host.emit(step.event);
        break;
      case 'resync':
        if (step.bad) this.host.report(step.bad, input);
        this.resync(step.reason);
        break;
    }
    this.maybeFetch();
  }

  private retryLater(minDelayMs: number): void {
    const delayMs = Math.max(minDelayMs, backoffDelayMs(this.attempt, this.options.backoff));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.maybeFetch();
    }, delayMs);
  }

  private maybeFetch(): void {
    if (this.isFetching || this.retryTimer || !this.sync.isBuffering || this.sync.bufferedCount === 0 || !this.host.canFetch()) return;
    const generation = ++this.generation;
    this.isFetching = true;
    const signal = this.host.signal();
    fetchDepthSnapshot({
      restUrl: this.options.restUrl,
      venueSymbol: this.market.venueSymbol,
      limit: this.options.snapshotLimit,
      timeoutMs: this.options.snapshotTimeoutMs,
      maxBodyChars: MAX_SNAPSHOT_CHARS,
      signal,
    })
      .then((result) => {
        if (generation === this.generation && !signal.aborted) this.onSnapshot(result);
      })
      .catch((error: unknown) => {
        if (!signal.aborted) process.emitWarning(`Binance snapshot of ${this.market.venueSymbol} failed: ${String(error)}`);
      });
  }

  private onSnapshot(result: SnapshotFetch): void {
    this.isFetching = false;
    switch (result.kind) {
      case 'ok':
        return this.handle(this.sync.onSnapshot(result.snapshot, Date.now()), result.body);
      case 'bad':
        this.host.report(result.bad, result.body);
        return this.resync('BAD_INPUT');
      case 'unavailable':
        this.host.status({ type: 'snapshot-failed', symbol: this.market.instrument.symbol, detail: result.detail });
        return this.retryLater(result.retryAfterMs ?? 0);
    }
  }
}
