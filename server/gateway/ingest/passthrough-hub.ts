// Trades, candles and the index: the feed's bytes are forwarded as they are, one broker subscription
// (or, for the index and trades streams, one tail) per channel per node, one Buffer per message for every
// subscriber (coalesced per tick like the books). A trades subscriber may resume after a trade id.
import type { Broker } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { tradePayload, TRADES_KEPT } from '../../../lib/protocol/trade-entry.ts';
import { indexPayload, matchesShape, type ExpectedShape } from './forward-checks.ts';
import { ForwardedChannel, type FrameTarget, type IdentifiedPayload } from './forwarded-channel.ts';
import { SharedSubscription } from './shared-subscription.ts';

export type { ExpectedShape } from './forward-checks.ts';

/** A subscriber of a forwarded channel. */
export type PassthroughTarget = FrameTarget;

/** Forwarded broker channels by name, shared by their subscribers. */
export class PassthroughHub {
  private readonly shared = new SharedSubscription<string, PassthroughTarget, ForwardedChannel>();

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly onBadMessage: (reason: string) => void,
  ) {}

  /** Adds a subscriber to a broker channel, subscribing on first use. */
  add(name: string, expected: ExpectedShape, target: PassthroughTarget): void {
    this.shared.acquire(name, target, (holders) => this.open(name, expected, holders));
  }

  /**
   * Adds a subscriber to a stream (trades) that resumes after `afterId`: `announce` gets how many missed
   * entries follow (at most the stream's last TRADES_KEPT), then they come, then the live ones.
   */
  addResuming(name: string, expected: ExpectedShape, target: PassthroughTarget, afterId: string, announce: (replayed: number) => void): void {
    const channel = this.shared.acquire(name, target, (holders) => this.open(name, expected, holders));
    channel
      .resume(target, afterId, (after) => this.readMissed(name, expected, after), announce)
      .catch((error: unknown) => this.logger.warn({ err: error, channel: name }, 'resume read failed'));
  }

  /** Removes a subscriber; the last one out releases the broker subscription. */
  remove(name: string, target: PassthroughTarget): void {
    this.shared.channelOf(name)?.forget(target);
    this.shared.release(name, target);
  }

  /** Channels forwarded now. */
  get size(): number {
    return this.shared.size;
  }

  /** Releases every broker subscription. */
  close(): Promise<void> {
    return this.shared.close();
  }

  // Subscribed once, when opened: a failed subscription is logged and not retried while the channel has subscribers.
  private open(name: string, expected: ExpectedShape, holders: ReadonlySet<PassthroughTarget>): ForwardedChannel {
    const { broker } = this;
    const channel = new ForwardedChannel(
      {
        subscribe: (onMessage) => {
          if (expected.type === 'index') return broker.tail(name, (entry) => onMessage(indexPayload(entry)));
          if (expected.type === 'trade') return broker.tail(name, (entry) => onMessage(tradePayload(entry), entry.id));
          return broker.subscribe(name, onMessage);
        },
        accepts: (payload) => matchesShape(payload, expected),
        onRefused: () => {
          this.onBadMessage(`malformed-${expected.type}`);
          this.logger.warn({ expected }, 'bad message from broker dropped');
        },
      },
      holders,
    );
    channel.ready().catch((error: unknown) => this.logger.warn({ err: error, channel: name }, 'broker subscription failed'));
    return channel;
  }

  // More missed than the stream keeps: the oldest are gone, so the newest it keeps are what there is.
  private async readMissed(name: string, expected: ExpectedShape, afterId: string): Promise<IdentifiedPayload[]> {
    let entries = await this.broker.readAfter(name, afterId, TRADES_KEPT);
    if (entries.length === TRADES_KEPT) entries = await this.broker.readLatest(name, TRADES_KEPT);
    return entries.map((entry) => ({ id: entry.id, payload: tradePayload(entry) })).filter((entry) => matchesShape(entry.payload, expected));
  }
}
