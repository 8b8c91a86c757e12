// Keeps one book in step with the feed through the broker: the I/O around the book-sync state
// machine (lib/market/book-sync.ts). It subscribes before it syncs, so no delta between the
// snapshot and the stream is lost; it fetches snapshots while syncing; nothing unverified leaves.
import type { Broker, BrokerState } from '../../../lib/broker/broker.ts';
import { hopClockMs } from '../../../lib/hop-clock.ts';
import type { Logger } from '../../../lib/log.ts';
import type { BookDelta, BookSnapshot } from '../../../lib/market/book-messages.ts';
import type { BookReplica } from '../../../lib/market/book-replica.ts';
import { BookSync, type SyncStep } from '../../../lib/market/book-sync.ts';
import { decodeBookDeltas, decodeBookSnapshot } from '../../../lib/protocol/bus.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookChannel, bookSnapshotKey } from '../../../lib/protocol/channels.ts';
import { getGatewayMetrics } from '../gateway-metrics.ts';
import { backoffDelayMs } from '../../../lib/util/backoff.ts';

/** What the mirror tells the views built on it. */
export interface MirrorListener {
  /** The book was (re)built from a snapshot; every client must restart from a fresh snapshot. */
  onReset(replica: BookReplica): void;
  /** A delta was applied and verified; `readAtMs` is when this node read it from the broker (lib/hop-clock.ts). */
  onDelta(delta: BookDelta, replica: BookReplica, readAtMs: number): void;
  /** The book can't be trusted until the next `onReset`. */
  onStale(reason: string): void;
}

/** What a mirror needs from its process. */
export interface MirrorDeps {
  broker: Broker;
  logger: Logger;
  listener: MirrorListener;
  retryMaxMs: number;
  /** How long a sync waits, after asking for a fresh snapshot, for the feed to write it or for a delta to arrive. */
  settleMs: number;
  /** Counts a broker message that was refused. */
  onBadMessage(reason: string): void;
}

/** One symbol's verified copy of the feed's book. */
export class BookMirror {
  private readonly sync: BookSync;
  private isStarted = false;
  private isClosed = false;
  /** Bumped to cancel a snapshot fetch in progress. */
  private generation = 0;
  private unsubscribe: (() => Promise<void>) | undefined;
  private removeStateListener: (() => void) | undefined;
  private onFirstDelta: (() => void) | undefined;
  /** How many times the book was rebuilt after going stale. */
  resyncCount = 0;

  constructor(
    readonly symbol: string,
    private readonly deps: MirrorDeps,
  ) {
    this.sync = new BookSync(symbol);
  }

  /** The verified book while live, undefined while (re)syncing. */
  get replica(): BookReplica | undefined {
    return this.sync.replica;
  }

  /** Subscribes to the deltas first, then syncs, so no delta between the snapshot and the stream is lost. */
  async start(): Promise<void> {
    this.removeStateListener = this.deps.broker.onStateChange((state) => this.onBrokerState(state));
    for (let attempt = 0; !this.closed(); attempt++) {
      try {
        const unsubscribe = await this.deps.broker.subscribe(bookChannel(this.symbol), (payload) => this.onMessage(payload));
        if (this.closed()) return void unsubscribe().catch(() => undefined);
        this.unsubscribe = unsubscribe;
        break;
      } catch (error) {
        this.deps.logger.warn({ err: error, symbol: this.symbol }, 'book subscription failed; retrying');
        await delay(backoffDelayMs(attempt, { baseMs: 50, maxMs: this.deps.retryMaxMs }, NO_JITTER));
      }
    }
    if (this.closed()) return;
    this.isStarted = true;
    if (this.deps.broker.state === 'ready') this.fetchSnapshots();
    else this.sync.disconnect();
  }

  /** Releases the broker subscription; the mirror is unusable afterwards. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.generation += 1;
    this.sync.disconnect();
    this.removeStateListener?.();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.().catch(() => undefined);
  }

  // A method, not a field read: TypeScript would otherwise assume the flag cannot change across an await.
  private closed(): boolean {
    return this.isClosed;
  }

  private onMessage(payload: string): void {
    if (this.isClosed || !this.isStarted) return;
    // The first hop's end for timed subscribers: read here, before decoding, once per broker message.
    const readAtMs = hopClockMs();
    const decoded = decodeBookDeltas(payload);
    const isOurs = decoded.ok && decoded.value.every((delta) => delta.symbol === this.symbol);
    if (!decoded.ok || !isOurs) {
      // Dropped: if it was a real delta, the next one shows a gap and the book resyncs.
      this.deps.onBadMessage(decoded.ok ? 'symbol-mismatch' : 'malformed-delta');
      this.deps.logger.warn({ symbol: this.symbol, reason: decoded.ok ? 'symbol mismatch' : decoded.reason }, 'bad book delta from broker dropped');
      return;
    }
    // One feed turn's deltas arrive together; a resync started by one of them takes care of the rest.
    for (const delta of decoded.value) this.act(this.sync.receiveDelta(delta), delta, readAtMs);
  }

  private act(step: SyncStep, delta?: BookDelta, readAtMs = 0): void {
    switch (step.kind) {
      case 'applied':
        if (delta) this.deps.listener.onDelta(delta, step.replica, readAtMs);
        return;
      case 'went-live':
        return this.deps.listener.onReset(step.replica);
      case 'went-stale':
        if (step.cause === 'invalid-delta') this.deps.onBadMessage('invalid-delta');
        this.deps.logger.warn({ symbol: this.symbol, reason: step.reason }, 'book mirror resyncing');
        this.resyncCount += 1;
        getGatewayMetrics().bookResyncs.inc({ cause: 'chain' });
        this.deps.listener.onStale(step.reason);
        return this.fetchSnapshots();
      case 'buffered': {
        const onFirstDelta = this.onFirstDelta;
        this.onFirstDelta = undefined;
        return onFirstDelta?.();
      }
      case 'ignored':
      case 'refused':
        return;
    }
  }

  private onBrokerState(state: BrokerState): void {
    if (this.isClosed || !this.isStarted) return;
    if (state === 'reconnecting') {
      this.generation += 1; // cancels a fetch in progress
      const step = this.sync.disconnect();
      if (step?.kind === 'went-stale') this.deps.listener.onStale(step.reason);
      return;
    }
    if (this.sync.phase === 'stale') {
      this.resyncCount += 1;
      getGatewayMetrics().bookResyncs.inc({ cause: 'broker' });
      this.sync.reconnect();
      this.fetchSnapshots();
    }
  }

  private fetchSnapshots(): void {
    const generation = ++this.generation;
    void this.fetchUntilLive(generation).catch((error: unknown) => {
      this.deps.logger.error({ err: error, symbol: this.symbol }, 'book sync failed');
    });
  }

  // Ask for a fresh snapshot, give the feed a moment to write it (or a delta to show what it must
  // cover), read it, offer it; again, with backoff, until the machine takes one.
  private async fetchUntilLive(generation: number): Promise<void> {
    const isCurrent = (): boolean => this.generation === generation && this.sync.phase === 'syncing';
    for (let attempt = 0; isCurrent(); attempt++) {
      await this.deps.broker.publish(SNAPSHOT_REQUEST_CHANNEL, this.symbol).catch(() => undefined);
      await this.firstDeltaOrTimeout(this.deps.settleMs);
      const raw = await this.deps.broker.get(bookSnapshotKey(this.symbol)).catch(() => null);
      if (!isCurrent()) return;
      // From the read to the offer nothing awaits, so every delta is either buffered or applied live.
      const step = this.sync.offerSnapshot(this.decodeSnapshot(raw));
      if (step.kind === 'went-live') return this.act(step);
      this.deps.logger.debug({ symbol: this.symbol, attempt, outcome: step.kind === 'refused' ? step.reason : step.kind }, 'snapshot not usable yet');
      if (step.kind === 'refused' && step.reason === 'bad-checksum') this.deps.onBadMessage('bad-snapshot');
      await delay(backoffDelayMs(attempt, { baseMs: 10, maxMs: this.deps.retryMaxMs }, NO_JITTER));
    }
  }

  private decodeSnapshot(raw: string | null): BookSnapshot | null {
    if (raw === null) return null;
    const decoded = decodeBookSnapshot(raw);
    if (decoded.ok && decoded.value.symbol === this.symbol) return decoded.value;
    this.deps.onBadMessage('malformed-snapshot');
    return null;
  }

  // With no delta buffered, a snapshot can't be checked against the stream: wait for one, briefly.
  private firstDeltaOrTimeout(timeoutMs: number): Promise<void> {
    if (this.sync.hasBuffered) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.onFirstDelta === done) this.onFirstDelta = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs).unref();
      this.onFirstDelta = done;
    });
  }
}

// One mirror per symbol per node, retrying against its own broker: nothing to spread out.
const NO_JITTER = (): number => 1;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
