// A broker channel whose messages reach clients as the feed wrote them: checked once per node (not
// per client), framed once, coalesced per tick like the books, handed to every holder. A stream's
// holder may resume after an entry id: it gets the entries it missed, then the live ones, none twice.
// A holder that asked for hop times gets the live batches with `hops` spliced into each message, built
// once per batch for all such holders; the other holders' frames stay exactly as they were.
import { hopClockMs } from '../../../lib/hop-clock.ts';
import { compareStreamIds } from '../../../lib/protocol/stream-id.ts';
import { joinFrames, rawFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { TickBatcher } from '../fanout/tick-batcher.ts';
import { withHops } from '../fanout/timed-lane.ts';
import type { SharedChannel } from './shared-subscription.ts';

/** A holder of a forwarded channel: one socket. */
export interface FrameTarget {
  send(frame: SharedFrame): void;
  /** Whether it asked for hop times (`timing: true`). */
  readonly timed?: boolean;
}

/** Where a forwarded channel's messages come from and which of them may reach clients. */
export interface ForwardSource {
  /** Subscribes on the broker; resolves with the unsubscribe function. A stream's messages carry their entry id. */
  subscribe(onMessage: (payload: string, id?: string) => void): Promise<() => Promise<void>>;
  /** Whether a payload is what the channel carries. */
  accepts(payload: string): boolean;
  /** A payload was refused: count and log it (it is dropped). */
  onRefused(): void;
  /** A payload was accepted and is on its way to the holders (the candles channels remember the newest). */
  onAccepted?(payload: string): void;
  /** The feed's time of a payload, on a channel whose holders may ask for hop times (the index); else absent. */
  feedTsOf?(payload: string): number | undefined;
}

/** A stream entry as a wire payload. */
export interface IdentifiedPayload {
  id: string;
  payload: string;
}

// A holder catching up: while `read` runs, live entries are queued; after it, live entries up to `floor`
// (the last one replayed) are skipped and later ones sent on their own, until the batches pass `floor`.
interface Resume {
  queue: IdentifiedPayload[] | undefined;
  floor: string;
}

/** One forwarded broker channel and its fan-out to its holders. */
export class ForwardedChannel implements SharedChannel {
  private readonly batcher = new TickBatcher((frame, parts) => this.deliver(frame, parts));
  /** When this node read each message of the current batch, in order (timed channels only). */
  private readTimes: number[] = [];
  /** Resolves with the unsubscribe function once live; rejects when subscribing failed (forgotten, so `ready` tries again). */
  private subscription: Promise<() => Promise<void>> | undefined;
  private isOpen = true;
  private readonly resuming = new Map<FrameTarget, Resume>();
  /** The newest entry id pushed to the batcher (stream channels only). */
  private lastPushedId: string | undefined;

  constructor(
    private readonly source: ForwardSource,
    private readonly holders: ReadonlySet<FrameTarget>,
  ) {}

  /** Resolves once the broker subscription is live, subscribing unless an attempt is live or under way. */
  async ready(): Promise<void> {
    this.subscription ??= this.subscribe();
    await this.subscription;
  }

  /**
   * Catches `target` (already a holder) up from after `afterId`: holds its live frames back, reads the
   * missed entries with `read` once the tail is live, sends them in one frame, then the live ones it
   * has not had. Resolves with how many were replayed, before they are sent (so a reply can precede them).
   */
  resume(target: FrameTarget, afterId: string, read: (afterId: string) => Promise<IdentifiedPayload[]>, announce: (replayed: number) => void): Promise<void> {
    const state: Resume = { queue: [], floor: afterId };
    this.resuming.set(target, state);
    const done = this.ready()
      .then(() => read(afterId))
      .then((entries) => {
        if (this.resuming.get(target) !== state) return;
        const replay = mergeAfter(afterId, entries, state.queue ?? []);
        state.queue = undefined;
        state.floor = replay.at(-1)?.id ?? afterId;
        announce(replay.length);
        if (replay.length > 0) target.send(joinFrames(replay.map((entry) => rawFrame(entry.payload))));
      });
    // A failed read leaves the holder live from now on, with nothing replayed.
    return done.catch((error: unknown) => {
      if (this.resuming.get(target) === state) {
        this.resuming.delete(target);
        announce(0);
      }
      throw error;
    });
  }

  /** Hands the frames of the current tick to the holders now, so a holder added next gets only later ones. */
  flush(): void {
    this.batcher.flush();
  }

  /** Forgets a holder's catching up (it left). */
  forget(target: FrameTarget): void {
    this.resuming.delete(target);
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.resuming.clear();
    this.batcher.discard();
    this.readTimes = [];
    const unsubscribe = await this.subscription?.catch(() => undefined);
    await unsubscribe?.().catch(() => undefined);
  }

  private subscribe(): Promise<() => Promise<void>> {
    const subscription = this.source.subscribe((payload, id) => this.onMessage(payload, id));
    subscription.catch(() => {
      if (this.subscription === subscription) this.subscription = undefined;
    });
    return subscription;
  }

  private onMessage(payload: string, id?: string): void {
    if (!this.isOpen) return;
    if (!this.source.accepts(payload)) return this.source.onRefused();
    this.source.onAccepted?.(payload);
    const frame = rawFrame(payload);
    if (this.source.feedTsOf) this.readTimes.push(hopClockMs());
    this.batcher.push(frame);
    if (id === undefined) return;
    this.lastPushedId = id;
    for (const [target, state] of this.resuming) {
      if (state.queue) state.queue.push({ id, payload });
      else if (compareStreamIds(id, state.floor) > 0) target.send(frame);
    }
  }

  private deliver(frame: SharedFrame, parts: readonly SharedFrame[]): void {
    const readTimes = this.readTimes;
    this.readTimes = [];
    let timedFrame: SharedFrame | undefined;
    for (const holder of this.holders) {
      if (this.resuming.has(holder)) continue;
      if (holder.timed === true) holder.send((timedFrame ??= this.timedFrameOf(parts, readTimes)));
      else holder.send(frame);
    }
    // A holder whose floor the batches have passed had every entry of this batch on its own: it joins them.
    const last = this.lastPushedId;
    if (last === undefined) return;
    for (const [target, state] of this.resuming) if (!state.queue && compareStreamIds(last, state.floor) >= 0) this.resuming.delete(target);
  }

  // The batch's messages each with its hops, stamped now as it leaves; a message without a feed time goes as it was.
  private timedFrameOf(parts: readonly SharedFrame[], readTimes: readonly number[]): SharedFrame {
    const sentAtMs = hopClockMs();
    return joinFrames(
      parts.map((part, i) => {
        const feedTs = this.source.feedTsOf?.(part.data.toString());
        const readAtMs = readTimes[i];
        return feedTs === undefined || readAtMs === undefined ? part : withHops(part, feedTs, readAtMs, sentAtMs);
      }),
    );
  }
}

/** The entries of both lists after `afterId`, oldest first, each id once. */
export function mergeAfter(afterId: string, ...lists: IdentifiedPayload[][]): IdentifiedPayload[] {
  const byId = new Map<string, IdentifiedPayload>();
  for (const list of lists) for (const entry of list) if (compareStreamIds(entry.id, afterId) > 0) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => compareStreamIds(a.id, b.id));
}
