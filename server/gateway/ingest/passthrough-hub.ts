// Trades, candles and the index: the feed's bytes are forwarded as they are, one broker subscription
// (or, for the index and trades streams, one tail) per channel per node, one Buffer per message for every
// subscriber (coalesced per tick like the books). A trades or index subscriber may resume after an entry
// id; a candles subscriber first gets the channel's latest candles, which the node keeps for it.
import type { Broker, StreamEntry } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { tradePayload, TRADES_KEPT } from '../../../lib/protocol/trade-entry.ts';
import { joinFrames, rawFrame } from '../fanout/shared-frame.ts';
import { indexFeedTs, indexPayload, matchesShape, type ExpectedShape } from './forward-checks.ts';
import { ForwardedChannel, type FrameTarget, type IdentifiedPayload } from './forwarded-channel.ts';
import { LatestCandles } from './latest-candles.ts';
import { SharedSubscription } from './shared-subscription.ts';

export type { ExpectedShape } from './forward-checks.ts';

/** A subscriber of a forwarded channel. */
export type PassthroughTarget = FrameTarget;

/**
 * The most index ticks a resume replays: a minute at 4 Hz, about 200 KB, under a socket's high-water
 * mark. After a longer gap the newest are replayed (a client of the index wants where it is now).
 */
export const INDEX_REPLAY_MAX = 240;

/** How a resumable stream's entries become wire messages, and how many missed ones a resume replays at most. */
const STREAMS: Record<'trade' | 'index', { payloadOf: (entry: StreamEntry) => string; replayMax: number }> = {
  trade: { payloadOf: tradePayload, replayMax: TRADES_KEPT },
  index: { payloadOf: indexPayload, replayMax: INDEX_REPLAY_MAX },
};

// Holds every candles channel this node ever opened, so it stays subscribed and its latest candles stay
// current while no client holds it (a client that dropped finds them current when it comes back).
// Bounded by the instruments times the timeframes.
const KEEPS_CANDLES_OPEN: PassthroughTarget = { send: () => undefined };

/** Forwarded broker channels by name, shared by their subscribers. */
export class PassthroughHub {
  private readonly shared = new SharedSubscription<string, PassthroughTarget, ForwardedChannel>();
  private readonly latestCandles = new Map<string, LatestCandles>();

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
   * Adds a subscriber to a stream (trades, the index) that resumes after `afterId`: `announce` gets how
   * many missed entries follow (at most the stream's replay maximum), then they come, then the live ones.
   */
  addResuming(name: string, expected: ExpectedShape, target: PassthroughTarget, afterId: string, announce: (replayed: number) => void): void {
    const channel = this.shared.acquire(name, target, (holders) => this.open(name, expected, holders));
    channel
      .resume(target, afterId, (after) => this.readMissed(name, expected, after), announce)
      .catch((error: unknown) => this.logger.warn({ err: error, channel: name }, 'resume read failed'));
  }

  /**
   * Adds a subscriber to a candles channel: `announce` (the reply) goes first, then the latest candles
   * this node kept (see LatestCandles.replay), then the live ones. The channel's frames of the current
   * tick go out before it joins: they are already in the latest candles, so none comes twice.
   */
  addWithLatest(name: string, expected: ExpectedShape, target: PassthroughTarget, fromOpenTime: number | undefined, announce: () => void): void {
    const existing = this.shared.channelOf(name);
    existing?.flush();
    // Kept open, it is never opened afresh: a subscription that failed is tried again by the next subscriber.
    existing?.ready().catch((error: unknown) => this.logger.warn({ err: error, channel: name }, 'broker subscription failed'));
    const open = (holders: ReadonlySet<PassthroughTarget>): ForwardedChannel => this.open(name, expected, holders);
    this.shared.acquire(name, KEEPS_CANDLES_OPEN, open);
    this.shared.acquire(name, target, open);
    announce();
    const latest = this.latestCandles.get(name)?.replay(fromOpenTime) ?? [];
    if (latest.length > 0) target.send(joinFrames(latest.map(rawFrame)));
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
    this.latestCandles.clear();
    return this.shared.close();
  }

  // Subscribed once, when opened: a failed subscription is logged and not retried while the channel has subscribers.
  private open(name: string, expected: ExpectedShape, holders: ReadonlySet<PassthroughTarget>): ForwardedChannel {
    const { broker } = this;
    const latest = expected.type === 'candle' ? new LatestCandles() : undefined;
    if (latest) this.latestCandles.set(name, latest);
    const channel = new ForwardedChannel(
      {
        subscribe: (onMessage) => {
          if (expected.type === 'candle') return broker.subscribe(name, onMessage);
          const { payloadOf } = STREAMS[expected.type];
          return broker.tail(name, (entry) => onMessage(payloadOf(entry), entry.id));
        },
        accepts: (payload) => matchesShape(payload, expected),
        onRefused: () => {
          this.onBadMessage(`malformed-${expected.type}`);
          this.logger.warn({ expected }, 'bad message from broker dropped');
        },
        ...(latest ? { onAccepted: (payload: string) => latest.observe(payload) } : {}),
        // The index's subscribers may ask for hop times, as the SSE index's do.
        ...(expected.type === 'index' ? { feedTsOf: indexFeedTs } : {}),
      },
      holders,
    );
    channel.ready().catch((error: unknown) => this.logger.warn({ err: error, channel: name }, 'broker subscription failed'));
    return channel;
  }

  // More missed than a resume replays (for trades, than the stream keeps): the newest are replayed.
  private async readMissed(name: string, expected: ExpectedShape, afterId: string): Promise<IdentifiedPayload[]> {
    if (expected.type === 'candle') return [];
    const { payloadOf, replayMax } = STREAMS[expected.type];
    let entries = await this.broker.readAfter(name, afterId, replayMax);
    if (entries.length === replayMax) entries = await this.broker.readLatest(name, replayMax);
    return entries.map((entry) => ({ id: entry.id, payload: payloadOf(entry) })).filter((entry) => matchesShape(entry.payload, expected));
  }
}
