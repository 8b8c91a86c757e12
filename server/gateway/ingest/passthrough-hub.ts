// Trades, candles and the index: the feed's bytes are forwarded as they are, one broker subscription
// (or, for the index stream, one tail) per channel per node, one Buffer per message for every
// subscriber (coalesced per tick like the books).
import type { Broker, StreamEntry } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { rawFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { TickBatcher } from '../fanout/tick-batcher.ts';

/** A subscriber of a forwarded channel. */
export interface PassthroughTarget {
  send(frame: SharedFrame): void;
}

/** The fields a forwarded message must carry, so a stray payload is not sent to clients. */
export interface ExpectedShape {
  type: 'trade' | 'candle' | 'index';
  /** Absent for the index, which is not per instrument. */
  symbol?: string;
  timeframe?: string;
}

class PassthroughChannel {
  readonly targets = new Set<PassthroughTarget>();
  readonly batcher = new TickBatcher((frame) => this.deliver(frame));
  unsubscribe: Promise<(() => Promise<void>) | undefined> = Promise.resolve(undefined);
  isOpen = true;

  constructor(readonly expected: ExpectedShape) {}

  private deliver(frame: SharedFrame): void {
    for (const target of this.targets) target.send(frame);
  }
}

/** Forwarded broker channels by name, reference-counted by subscriber. */
export class PassthroughHub {
  private readonly channels = new Map<string, PassthroughChannel>();

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly onBadMessage: (reason: string) => void,
  ) {}

  /** Adds a subscriber to a broker channel, subscribing on first use. */
  add(name: string, expected: ExpectedShape, target: PassthroughTarget): void {
    let channel = this.channels.get(name);
    if (!channel) {
      const created = new PassthroughChannel(expected);
      const subscription =
        expected.type === 'index'
          ? this.broker.tail(name, (entry) => this.onMessage(created, indexPayload(entry)))
          : this.broker.subscribe(name, (payload) => this.onMessage(created, payload));
      created.unsubscribe = subscription.catch((error: unknown) => {
        this.logger.warn({ err: error, channel: name }, 'broker subscription failed');
        return undefined;
      });
      this.channels.set(name, created);
      channel = created;
    }
    channel.targets.add(target);
  }

  /** Removes a subscriber; the last one out releases the broker subscription. */
  remove(name: string, target: PassthroughTarget): void {
    const channel = this.channels.get(name);
    if (!channel || !channel.targets.delete(target) || channel.targets.size > 0) return;
    this.channels.delete(name);
    void release(channel);
  }

  /** Channels forwarded now. */
  get size(): number {
    return this.channels.size;
  }

  /** Releases every broker subscription. */
  async close(): Promise<void> {
    const channels = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(channels.map(release));
  }

  private onMessage(channel: PassthroughChannel, payload: string): void {
    if (!channel.isOpen) return;
    if (!matches(payload, channel.expected)) {
      this.onBadMessage(`malformed-${channel.expected.type}`);
      this.logger.warn({ expected: channel.expected }, 'bad message from broker dropped');
      return;
    }
    channel.batcher.push(rawFrame(payload));
  }
}

async function release(channel: PassthroughChannel): Promise<void> {
  channel.isOpen = false;
  channel.batcher.discard();
  const unsubscribe = await channel.unsubscribe;
  await unsubscribe?.().catch(() => undefined);
}

/** An index stream entry as a wire message: its id and type spliced in front of the feed's JSON object, not re-encoded. */
function indexPayload(entry: StreamEntry): string {
  const body = entry.data.trimStart();
  if (!body.startsWith('{') || body.slice(1).trimStart().startsWith('}')) return '';
  return `{"type":"index","id":${JSON.stringify(entry.id)},${body.slice(1)}`;
}

// One parse per message per node (not per client) to keep a stray payload off every socket.
function matches(payload: string, expected: ExpectedShape): boolean {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (record.type !== expected.type || record.symbol !== expected.symbol) return false;
  if (expected.type === 'index') return typeof record.ts === 'number' && typeof record.value === 'string';
  return expected.timeframe === undefined || record.timeframe === expected.timeframe;
}
