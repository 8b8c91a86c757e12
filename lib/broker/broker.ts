// The broker contract every process talks to: live fan-out, resumable streams, a work queue and a few keys.
// Three implementations sit behind it: memory (one process), Redis and NATS JetStream (many processes).

/** Receives one published payload. Must not throw; a broker logs and drops what a handler throws. */
export type MessageHandler = (payload: string) => void;

/** One entry of an append-only stream; ids grow monotonically and compare with `compareStreamIds`. */
export interface StreamEntry {
  id: string;
  data: string;
}

/** One unit of queued work, delivered to exactly one consumer of a group until acknowledged. */
export interface QueueEntry {
  id: string;
  data: string;
  /** How many times this entry has been handed to a consumer, this delivery included. */
  deliveries: number;
}

/** Processes one queue entry; resolving acknowledges it, rejecting leaves it pending for a retry. */
export type QueueHandler = (entry: QueueEntry) => Promise<void>;

export interface ConsumeOptions {
  /** Consumer group; each group gets every entry once. */
  group: string;
  /** This consumer's stable name (e.g. the engine's node id), so it recovers its own pending entries on restart. */
  consumer: string;
  /** Entries pending on another consumer for longer than this are claimed (that consumer is presumed dead). */
  claimIdleMs: number;
  /** How many entries to take per read. */
  batchSize?: number;
  /**
   * Start the handler for every entry of a read at once (in order, without waiting for the previous one)
   * and acknowledge the ones that resolved together, so a handler can commit a whole batch as one unit.
   */
  isBatched?: boolean;
  /**
   * How often this consumer removes the entries every group has acknowledged (Redis; default 5 s).
   * The memory broker forgets them as soon as every group has taken them, so it ignores this.
   */
  trimIntervalMs?: number;
}

/** A running queue consumer. */
export interface QueueConsumer {
  /** Stops taking new entries and resolves when the entry in progress (if any) is settled. */
  stop(): Promise<void>;
}

/** `ready` once connected; `reconnecting` while the connection is lost (live messages may be missed meanwhile). */
export type BrokerState = 'ready' | 'reconnecting';

export interface AppendOptions {
  /** Approximate cap on the stream's length; older entries are trimmed. */
  maxLen: number;
  /** Also deliver the new entry live to `tail` subscribers. */
  publish?: boolean;
}

/** A fixed window: at most `points` counted per key in each window of `durationMs`. */
export interface RateLimitRule {
  points: number;
  /** Whole seconds (rounded up to them; at least 1000): the stores expire counters by the second. */
  durationMs: number;
}

/** What `rateLimit` decided. */
export interface RateLimitResult {
  allowed: boolean;
  /** When refused, how long until the window ends and points are counted afresh; 0 when allowed. */
  retryAfterMs: number;
  /** Points left in the current window after this call. */
  remaining: number;
}

export interface EnqueueOptions {
  /** Refuse (QueueFullError) instead of adding when the queue already holds this many entries. */
  maxLength?: number;
}

/** A bounded queue was full: nothing was added, the caller may try again later. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  constructor(
    readonly queue: string,
    readonly maxLength: number,
  ) {
    super(`queue ${queue} is full (${maxLength} entries)`);
  }
}

export interface Broker {
  readonly kind: 'memory' | 'redis' | 'nats';

  /** Fan-out: every current subscriber of the channel gets the payload; later subscribers never see it. */
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function removes this handler. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;

  /** Appends to a stream and returns the new entry's id. */
  append(stream: string, payload: string, options: AppendOptions): Promise<string>;
  /** Entries with an id strictly greater than `afterId` (`'0'` for all), oldest first, at most `count`. */
  readAfter(stream: string, afterId: string, count: number): Promise<StreamEntry[]>;
  /** The newest `count` entries, oldest first. */
  readLatest(stream: string, count: number): Promise<StreamEntry[]>;
  /** The id of the oldest entry still kept, or null for an empty stream. */
  firstId(stream: string): Promise<string | null>;
  /** Live entries appended with `publish: true` after the subscription is live. */
  tail(stream: string, handler: (entry: StreamEntry) => void): Promise<() => Promise<void>>;

  /**
   * Adds work to a queue (a stream read by consumer groups) and returns its id. With `maxLength`, the check
   * and the add are one atomic step: a queue already holding that many entries (not yet acknowledged, or
   * acknowledged and not yet trimmed) refuses with QueueFullError, and nothing already queued is ever dropped.
   */
  enqueue(queue: string, payload: string, options?: EnqueueOptions): Promise<string>;
  /**
   * Starts consuming a queue: own pending entries first, then stale ones of dead consumers, then new ones.
   * Entries every existing group has acknowledged are removed over time; a group created later never sees them.
   */
  consume(queue: string, options: ConsumeOptions, handler: QueueHandler): Promise<QueueConsumer>;

  /** Stores a value under a key, optionally expiring. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Removes a key stored with `set`; nothing happens when it is absent. */
  deleteKey(key: string): Promise<void>;

  /** Stores one field of a hash (a key holding many small values, each written on its own). */
  setField(key: string, field: string, value: string): Promise<void>;
  /** Removes one field of a hash; nothing happens when it is absent. */
  deleteField(key: string, field: string): Promise<void>;
  /** Every field of a hash; empty when the hash does not exist. */
  readFields(key: string): Promise<Record<string, string>>;

  /**
   * Counts `cost` points against `key` under `rule` and tells whether they fit. A refused call counts too
   * (a client that keeps sending stays refused). On Redis every process shares the counts.
   */
  rateLimit(key: string, rule: RateLimitRule, cost?: number): Promise<RateLimitResult>;

  /**
   * Takes the lease `key` for `holder` if it is free, or extends it if `holder` already holds it;
   * true when `holder` holds it for the next `ttlMs`. One atomic step, so two holders never both get true.
   */
  holdLease(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` still holds it (a clean shutdown: the standby need not wait for the expiry). */
  releaseLease(key: string, holder: string): Promise<void>;

  /** Round trip to the broker; rejects when it is unreachable. */
  ping(): Promise<void>;
  /** Current connection state. */
  readonly state: BrokerState;
  /** Called on every state change; returns a function that removes the listener. */
  onStateChange(listener: (state: BrokerState) => void): () => void;
  /** Stops every consumer and subscription and closes connections. */
  close(): Promise<void>;
}

export { compareStreamIds } from '../protocol/stream-id.ts';
