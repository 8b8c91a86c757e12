// Keeps one book in step with the feed through the broker: subscribe and buffer deltas, install a
// snapshot, replay the buffer after it, then verify seq and checksum on every delta. Anything that
// breaks the chain marks the book stale and starts over from a fresh snapshot; nothing unverified leaves.
import type { Broker, BrokerState } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import type { BookDelta } from '../../lib/market/book-messages.ts';
import { applyDelta, type BookReplica } from '../../lib/market/book-replica.ts';
import { bookChannel } from '../../lib/protocol/channels.ts';
import { parseBrokerDeltas } from './broker-book-messages.ts';
import { getGatewayMetrics } from './gateway-metrics.ts';
import { installSnapshot, readSnapshot, requestSnapshot, type SyncNeeds } from './snapshot-install.ts';

/** What the mirror tells the views built on it. */
export interface MirrorListener {
  /** The book was (re)built from a snapshot; every client must restart from a fresh snapshot. */
  onReset(replica: BookReplica): void;
  /** A delta was applied and verified. */
  onDelta(delta: BookDelta, replica: BookReplica): void;
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

type MirrorState = 'starting' | 'syncing' | 'live' | 'broker-down' | 'closed';

// Deltas buffered while a snapshot is fetched; past this the oldest go (the snapshot must then be newer).
const MAX_BUFFERED_DELTAS = 20_000;

/** One symbol's verified copy of the feed's book. */
export class BookMirror {
  private state: MirrorState = 'starting';
  private current: BookReplica | undefined;
  private needs: SyncNeeds = { buffer: [], minSeq: 0, lastLiveSeq: 0 };
  private generation = 0;
  private unsubscribe: (() => Promise<void>) | undefined;
  private removeStateListener: (() => void) | undefined;
  private onFirstDelta: (() => void) | undefined;
  /** How many times the book was rebuilt after going stale. */
  resyncCount = 0;

  constructor(
    readonly symbol: string,
    private readonly deps: MirrorDeps,
  ) {}

  /** The verified book while live, undefined while (re)syncing. */
  get replica(): BookReplica | undefined {
    return this.state === 'live' ? this.current : undefined;
  }

  /** Subscribes to the deltas first, then syncs, so no delta between the snapshot and the stream is lost. */
  async start(): Promise<void> {
    this.removeStateListener = this.deps.broker.onStateChange((state) => this.onBrokerState(state));
    for (let attempt = 0; !this.isClosed(); attempt++) {
      try {
        const unsubscribe = await this.deps.broker.subscribe(bookChannel(this.symbol), (payload) => this.onMessage(payload));
        if (this.isClosed()) return void unsubscribe().catch(() => undefined);
        this.unsubscribe = unsubscribe;
        break;
      } catch (error) {
        this.deps.logger.warn({ err: error, symbol: this.symbol }, 'book subscription failed; retrying');
        await delay(Math.min(this.deps.retryMaxMs, 50 * 2 ** attempt));
      }
    }
    if (this.state !== 'starting') return;
    if (this.deps.broker.state === 'ready') this.beginSync();
    else this.state = 'broker-down';
  }

  /** Releases the broker subscription; the mirror is unusable afterwards. */
  async close(): Promise<void> {
    this.state = 'closed';
    this.generation += 1;
    this.removeStateListener?.();
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = undefined;
    await unsubscribe?.().catch(() => undefined);
  }

  // A method, not a field read: TypeScript would otherwise assume `state` cannot change across an await.
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private onMessage(payload: string): void {
    if (this.state === 'closed' || this.state === 'starting') return;
    const parsed = parseBrokerDeltas(payload);
    const isOurs = parsed.ok && parsed.value.every((delta) => delta.symbol === this.symbol);
    if (!parsed.ok || !isOurs) {
      // Dropped: if it was a real delta, the next one shows a gap and the book resyncs.
      this.deps.onBadMessage(parsed.ok ? 'symbol-mismatch' : 'malformed-delta');
      this.deps.logger.warn({ symbol: this.symbol, reason: parsed.ok ? 'symbol mismatch' : parsed.reason }, 'bad book delta from broker dropped');
      return;
    }
    // One feed tick's deltas arrive together; a resync started by one of them takes care of the rest.
    for (const delta of parsed.value) {
      if (this.state === 'live') this.applyLive(delta);
      else this.bufferDelta(delta);
    }
  }

  private applyLive(delta: BookDelta): void {
    const replica = this.current;
    if (!replica) return;
    const seqBefore = replica.seq;
    const result = applyDelta(replica, delta);
    switch (result.status) {
      case 'ok':
        return this.deps.listener.onDelta(delta, replica);
      case 'stale':
        return; // a duplicate of what is already applied
      case 'gap':
        return this.resync(`gap: expected seq ${result.expectedSeq}, got ${result.receivedSeq}`, seqBefore, [delta], 0);
      case 'checksum-mismatch':
        return this.resync(`checksum mismatch at seq ${result.seq}`, seqBefore, [], delta.seq);
      case 'invalid':
        this.deps.onBadMessage(result.error.code);
        return this.resync(`invalid delta at seq ${delta.seq}: ${result.error.message}`, seqBefore, [], delta.seq);
    }
  }

  private bufferDelta(delta: BookDelta): void {
    const buffer = this.needs.buffer;
    const last = buffer.at(-1);
    if (last && delta.seq <= last.seq) return;
    // Deltas before a gap can't be used: the snapshot must come after the gap anyway.
    if (last && delta.seq !== last.seq + 1) buffer.length = 0;
    buffer.push(delta);
    const onFirstDelta = this.onFirstDelta;
    this.onFirstDelta = undefined;
    onFirstDelta?.();
    if (buffer.length > MAX_BUFFERED_DELTAS) buffer.splice(0, buffer.length - MAX_BUFFERED_DELTAS / 2);
  }

  private resync(reason: string, lastLiveSeq: number, buffer: BookDelta[], minSeq: number): void {
    this.deps.logger.warn({ symbol: this.symbol, reason }, 'book mirror resyncing');
    this.resyncCount += 1;
    getGatewayMetrics().bookResyncs.inc({ cause: 'chain' });
    this.current = undefined;
    this.needs = { buffer, minSeq, lastLiveSeq };
    this.state = 'syncing';
    this.deps.listener.onStale(reason);
    this.beginSync();
  }

  private onBrokerState(state: BrokerState): void {
    if (this.state === 'closed' || this.state === 'starting') return;
    if (state === 'reconnecting') {
      const wasLive = this.state === 'live';
      const lastLiveSeq = this.current?.seq ?? this.needs.lastLiveSeq;
      this.generation += 1; // cancels a sync in progress
      this.current = undefined;
      this.needs = { buffer: [], minSeq: 0, lastLiveSeq };
      this.state = 'broker-down';
      if (wasLive) this.deps.listener.onStale('broker reconnecting');
      return;
    }
    if (this.state === 'broker-down') {
      this.resyncCount += 1;
      getGatewayMetrics().bookResyncs.inc({ cause: 'broker' });
      this.beginSync();
    }
  }

  private beginSync(): void {
    this.state = 'syncing';
    const generation = ++this.generation;
    void this.sync(generation).catch((error: unknown) => {
      this.deps.logger.error({ err: error, symbol: this.symbol }, 'book sync failed');
    });
  }

  // Ask for a fresh key, give the feed a moment to write it (or a delta to show what it must cover), read it, try it.
  private async sync(generation: number): Promise<void> {
    const isCurrent = (): boolean => this.generation === generation && this.state === 'syncing';
    for (let attempt = 0; isCurrent(); attempt++) {
      await requestSnapshot(this.deps.broker, this.symbol);
      await this.firstDeltaOrTimeout(this.deps.settleMs);
      const raw = await readSnapshot(this.deps.broker, this.symbol);
      if (!isCurrent()) return;
      // From here to `live` nothing awaits, so every delta is either in the buffer or applied live.
      const outcome = installSnapshot(raw, this.symbol, this.needs, attempt, (reason) => this.deps.onBadMessage(reason));
      if (outcome.status === 'installed') {
        this.current = outcome.replica;
        this.needs = { buffer: [], minSeq: 0, lastLiveSeq: outcome.replica.seq };
        this.state = 'live';
        this.deps.listener.onReset(outcome.replica);
        return;
      }
      this.deps.logger.debug({ symbol: this.symbol, attempt, outcome: outcome.status }, 'snapshot not usable yet');
      await delay(Math.min(this.deps.retryMaxMs, 10 * 2 ** attempt));
    }
  }

  // With no delta buffered, a snapshot can't be checked against the stream: wait for one, briefly.
  private firstDeltaOrTimeout(timeoutMs: number): Promise<void> {
    if (this.needs.buffer.length > 0) return Promise.resolve();
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
