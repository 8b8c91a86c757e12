// Every instrument's feed book mirrored from the bus: the subscriptions, the decoding of book
// messages and the resync after a broker outage, around one BookMirror per instrument. The engine
// trades on these books; a standby feed carries the leader's prices on from them.
import type { Broker } from '../broker/broker.ts';
import type { Logger } from '../log.ts';
import type { Instrument } from '../market/instruments.ts';
import type { OrderBook } from '../market/order-book.ts';
import { decodeBookDeltas } from '../protocol/bus.ts';
import { bookChannel } from '../protocol/channels.ts';
import { BookMirror } from './book-mirror.ts';

/** Live books by symbol. */
export class BookMirrors {
  private readonly mirrors = new Map<string, BookMirror>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private syncs: Promise<void>[] = [];
  private removeStateListener: () => void = () => {};

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    instruments: readonly Instrument[],
    onChange: (symbol: string) => void = () => {},
    retryMs = 250,
  ) {
    for (const inst of instruments) this.mirrors.set(inst.symbol, new BookMirror(inst, { broker, logger, onChange, retryMs }));
  }

  /** The book in sync with the feed, or undefined (unknown symbol, or resyncing). Read it, never change it. */
  readonly liveBook = (symbol: string): OrderBook | undefined => this.mirrors.get(symbol)?.book;

  /** Subscribes to every instrument's deltas, then seeds each book from its snapshot. */
  async start(): Promise<void> {
    for (const mirror of this.mirrors.values()) {
      this.unsubscribes.push(await this.broker.subscribe(bookChannel(mirror.instrument.symbol), (payload) => this.onDeltas(mirror, payload)));
    }
    this.syncs = [...this.mirrors.values()].map((mirror) => mirror.startSync());
    let lastState = this.broker.state;
    this.removeStateListener = this.broker.onStateChange((state) => {
      const wasDown = lastState === 'reconnecting';
      lastState = state;
      // Live messages may be lost while disconnected: no book is offered until a fresh snapshot.
      for (const mirror of this.mirrors.values()) {
        if (state === 'reconnecting') mirror.markStale();
        else if (wasDown) mirror.resync();
      }
    });
  }

  /** Resolves when every book is live or `timeoutMs` has passed; true when all are live. */
  async whenLive(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const isLive = await Promise.race([Promise.all(this.syncs).then(() => true), timeout]);
    clearTimeout(timer);
    return isLive;
  }

  /** Waits for books that are resyncing, each at most `graceMs` from the start of its resync. */
  async whenResynced(graceMs: number): Promise<void> {
    await Promise.all([...this.mirrors.values()].map((mirror) => mirror.whenSynced(graceMs)));
  }

  /** Unsubscribes and stops every resync. */
  async close(): Promise<void> {
    this.removeStateListener();
    for (const mirror of this.mirrors.values()) mirror.close();
    await Promise.all(this.unsubscribes.splice(0).map((unsubscribe) => unsubscribe()));
  }

  private onDeltas(mirror: BookMirror, payload: string): void {
    const deltas = decodeBookDeltas(payload);
    if (!deltas.ok || deltas.value.some((delta) => delta.symbol !== mirror.instrument.symbol)) {
      this.logger.warn({ symbol: mirror.instrument.symbol }, 'malformed book delta dropped');
      return;
    }
    for (const delta of deltas.value) mirror.receive(delta);
  }
}
