// Mirrors one instrument's feed book: seeded from the snapshot key, advanced by deltas, rebuilt from a
// fresh snapshot on any gap or checksum mismatch. Only a book in sync is offered for trading.
import type { Broker } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookSnapshotKey } from '../../lib/protocol/channels.ts';
import { bookSnapshotSchema, parsePayload } from './market-data-schemas.ts';

/** What a mirror needs from the engine. */
export interface BookMirrorDeps {
  broker: Broker;
  logger: Logger;
  /** Called after every change of the live book (a delta applied, a resync done). */
  onChange: (symbol: string) => void;
  /** Pause between snapshot attempts while out of sync. */
  retryMs: number;
}

// Deltas kept while syncing; older ones are dropped and a newer snapshot is awaited instead.
const MAX_BUFFERED_DELTAS = 10_000;

/** One instrument's book as the feed has it, or nothing while out of sync. */
export class BookMirror {
  private replica: BookReplica | undefined;
  private isLive = false;
  private isClosed = false;
  private buffered: BookDelta[] = [];
  private syncing: Promise<void> | undefined;
  private syncStartedAt = 0;

  constructor(
    readonly instrument: Instrument,
    private readonly deps: BookMirrorDeps,
  ) {}

  /** The live book (read it, never change it), or undefined while syncing. */
  get book(): OrderBook | undefined {
    return this.isLive ? this.replica?.book : undefined;
  }

  /** Applies a delta from the book channel, buffering it while syncing. */
  receive(delta: BookDelta): void {
    if (!this.isLive || this.replica === undefined) {
      this.buffer(delta);
      return;
    }
    const result = applyDelta(this.replica, delta);
    if (result.status === 'ok') {
      this.deps.onChange(this.instrument.symbol);
      return;
    }
    // Stale counts too: pub/sub never repeats a delta, so a lower seq means the feed restarted.
    this.deps.logger.warn({ symbol: this.instrument.symbol, result: result.status }, 'engine book out of sync; resyncing');
    this.resync(result.status === 'invalid' ? undefined : delta);
  }

  /** Drops the book (e.g. the broker connection was lost) until a fresh snapshot arrives. */
  markStale(): void {
    this.isLive = false;
    this.buffered = [];
  }

  /** Rebuilds from a fresh snapshot, keeping `pending` to apply on top of it. */
  resync(pending?: BookDelta): void {
    this.markStale();
    if (pending) this.buffered.push(pending);
    this.startSync();
  }

  /** Starts syncing unless already syncing or live; resolves when live or closed. */
  startSync(): Promise<void> {
    if (this.syncing === undefined) {
      this.syncStartedAt = Date.now();
      this.syncing = this.syncLoop().finally(() => (this.syncing = undefined));
    }
    return this.syncing;
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
    this.markStale();
  }

  private buffer(delta: BookDelta): void {
    this.buffered.push(delta);
    if (this.buffered.length > MAX_BUFFERED_DELTAS) this.buffered.splice(0, this.buffered.length - MAX_BUFFERED_DELTAS);
  }

  private async syncLoop(): Promise<void> {
    const { broker, logger, retryMs } = this.deps;
    for (let attempt = 0; !this.isClosed && !this.isLive; attempt++) {
      try {
        // With no delta buffered yet, the stored snapshot may be older than the channel (it is
        // refreshed on a timer): ask the feed for a fresh one before the first read.
        const mayBeStale = attempt === 0 && this.buffered.length === 0;
        if (!mayBeStale && (await this.trySnapshot())) return;
        await broker.publish(SNAPSHOT_REQUEST_CHANNEL, this.instrument.symbol);
      } catch (error) {
        logger.warn({ err: error, symbol: this.instrument.symbol }, 'engine book snapshot attempt failed');
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  // Seeds from the stored snapshot and replays the buffered deltas after it; false when it cannot yet.
  private async trySnapshot(): Promise<boolean> {
    const payload = await this.deps.broker.get(bookSnapshotKey(this.instrument.symbol));
    if (payload === null || this.isClosed) return false;
    const snapshot = parsePayload(bookSnapshotSchema, payload);
    if (snapshot === undefined || snapshot.symbol !== this.instrument.symbol) {
      this.deps.logger.warn({ symbol: this.instrument.symbol }, 'malformed book snapshot dropped');
      return false;
    }
    const first = this.buffered[0];
    if (first !== undefined && first.seq > snapshot.seq + 1) return false; // older than the deltas we hold
    const seeded = bookFromSnapshot(snapshot, this.instrument);
    if (seeded.status !== 'ok') return false;
    const replica = seeded.replica;
    for (const delta of this.buffered) {
      if (delta.seq <= replica.seq) continue;
      if (applyDelta(replica, delta).status !== 'ok') {
        this.buffered = [];
        return false;
      }
    }
    this.buffered = [];
    this.replica = replica;
    this.isLive = true;
    this.deps.onChange(this.instrument.symbol);
    return true;
  }
}
