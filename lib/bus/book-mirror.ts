// Mirrors one instrument's feed book from the bus: the I/O around the book-sync state
// machine (lib/market/book-sync.ts), for the engine (trading) and a standby feed (taking over). Only
// a book in sync with the feed is offered.
import type { Broker } from '../broker/broker.ts';
import type { Logger } from '../log.ts';
import type { BookDelta, BookSnapshot } from '../market/book-messages.ts';
import { BookSync, type SyncStep } from '../market/book-sync.ts';
import type { Instrument } from '../market/instruments.ts';
import type { OrderBook } from '../market/order-book.ts';
import { decodeBookSnapshot } from '../protocol/bus.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookSnapshotKey } from '../protocol/channels.ts';

/** What a mirror needs from its process. */
export interface BookMirrorDeps {
  broker: Broker;
  logger: Logger;
  /** Called after every change of the live book (a delta applied, a resync done). */
  onChange: (symbol: string) => void;
  /** Pause between snapshot attempts while out of sync. */
  retryMs: number;
}

/** One instrument's book as the feed has it, or nothing while out of sync. */
export class BookMirror {
  private readonly sync: BookSync;
  private isClosed = false;
  private syncing: Promise<void> | undefined;
  private syncStartedAt = 0;

  constructor(
    readonly instrument: Instrument,
    private readonly deps: BookMirrorDeps,
  ) {
    this.sync = new BookSync(instrument.symbol);
  }

  /** The live book (read it, never change it), or undefined while syncing. */
  get book(): OrderBook | undefined {
    return this.sync.replica?.book;
  }

  /** Applies a delta from the book channel, buffering it while syncing. */
  receive(delta: BookDelta): void {
    this.act(this.sync.receiveDelta(delta));
  }

  /** Drops the book (the broker connection was lost) until it is back and a fresh snapshot arrives. */
  markStale(): void {
    this.sync.disconnect();
  }

  /** The broker connection is back: rebuild from a fresh snapshot. */
  resync(): void {
    this.sync.reconnect();
    void this.startSync();
  }

  /** Starts syncing unless already syncing or live; resolves when live or closed. */
  startSync(): Promise<void> {
    if (this.syncing === undefined && this.sync.phase === 'syncing') {
      this.syncStartedAt = Date.now();
      this.syncing = this.syncLoop().finally(() => (this.syncing = undefined));
    }
    return this.syncing ?? Promise.resolve();
  }

  /** Resolves once live, or once the resync under way has lasted `graceMs`; at once when not resyncing. */
  async whenSynced(graceMs: number): Promise<void> {
    const syncing = this.syncing;
    const leftMs = this.syncStartedAt + graceMs - Date.now();
    if (syncing === undefined || leftMs <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([syncing, new Promise((resolve) => (timer = setTimeout(resolve, leftMs)))]);
    clearTimeout(timer);
  }

  /** Stops retrying. */
  close(): void {
    this.isClosed = true;
    this.sync.disconnect();
  }

  private act(step: SyncStep): void {
    const { symbol } = this.instrument;
    switch (step.kind) {
      case 'applied':
      case 'went-live':
        return this.deps.onChange(symbol);
      case 'went-stale':
        this.deps.logger.warn({ symbol, reason: step.reason }, 'book mirror out of sync; resyncing');
        void this.startSync();
        return;
      default:
        return;
    }
  }

  private async syncLoop(): Promise<void> {
    const { broker, logger, retryMs } = this.deps;
    for (let attempt = 0; !this.isClosed && this.sync.phase === 'syncing'; attempt++) {
      try {
        // With no delta buffered yet, the stored snapshot may be older than the channel (it is
        // refreshed on a timer): ask the feed for a fresh one before the first read.
        const mayBeStale = attempt === 0 && !this.sync.hasBuffered;
        if (!mayBeStale && this.offer(await broker.get(bookSnapshotKey(this.instrument.symbol)))) return;
        await broker.publish(SNAPSHOT_REQUEST_CHANNEL, this.instrument.symbol);
      } catch (error) {
        logger.warn({ err: error, symbol: this.instrument.symbol }, 'book mirror snapshot attempt failed');
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  // Offers the stored snapshot to the machine; true once the book is live.
  private offer(payload: string | null): boolean {
    if (this.isClosed) return false;
    const step = this.sync.offerSnapshot(this.decode(payload));
    this.act(step);
    return step.kind === 'went-live';
  }

  private decode(payload: string | null): BookSnapshot | null {
    if (payload === null) return null;
    const decoded = decodeBookSnapshot(payload);
    if (decoded.ok && decoded.value.symbol === this.instrument.symbol) return decoded.value;
    this.deps.logger.warn({ symbol: this.instrument.symbol }, 'malformed book snapshot dropped');
    return null;
  }
}
