// One connection's outbound path: writes at once while the connection keeps up, holds and joins frames
// while it does not, and reports congestion so books can be conflated instead of buffered without bound.
// What goes on the wire is the codec's (outbound-format.ts); the rules here are the same for all.
import { getMetrics } from '../../../lib/metrics.ts';
import type { ClientPort } from './client-port.ts';
import type { Delivery, OutboundFormat, Route } from './outbound-format.ts';
import { getGatewayMetrics } from '../gateway-metrics.ts';
import type { SharedFrame } from './shared-frame.ts';

/** Byte and time limits of one connection's queue (the port's backlog plus held frames). */
export interface OutboxLimits {
  highWaterBytes: number;
  hardLimitBytes: number;
  maxSlowMs: number;
}

/** What the outbox tells its connection. */
export interface OutboxEvents {
  /** Queued bytes passed the high-water mark: stop feeding books to this socket. */
  onCongested(): void;
  /** The queue fell back under a quarter of the high-water mark after congestion. */
  onDrained(): void;
  /** Past the hard limit, or congested for longer than `maxSlowMs`. */
  onOverflow(reason: 'hard-limit' | 'too-slow'): void;
}

interface HeldFrame extends Delivery {
  /** The book subscription it belongs to, so a conflated book's frames can be dropped. */
  owner: object | undefined;
}

// prom-client makes a new child (an object and a bound `inc`) on every `labels` call: one per transport, shared by every outbox.
const messagesOutByCounter = new WeakMap<object, Map<string, { inc(value?: number): void }>>();

function messagesOutOf(transport: string): { inc(value?: number): void } {
  const counter = getMetrics().messagesOut;
  let byTransport = messagesOutByCounter.get(counter);
  if (!byTransport) {
    byTransport = new Map();
    messagesOutByCounter.set(counter, byTransport);
  }
  let child = byTransport.get(transport);
  if (!child) {
    child = counter.labels({ transport });
    byTransport.set(transport, child);
  }
  return child;
}

/**
 * The send queue of one connection. An idle connection's outbox holds no queue: the array of held
 * frames is made when a frame first has to wait, and dropped again once they are written.
 */
export class ClientOutbox {
  private held: HeldFrame[] | undefined;
  private heldBytes = 0;
  private isCongestedNow = false;
  /**
   * Time spent congested, leaking away at the same rate while not: a socket that only "drains" into
   * kernel buffers and congests again at once still reaches `maxSlowMs`, one that recovers does not.
   */
  private slowScoreMs = 0;
  private lastEvaluatedMs = Date.now();
  private isClosed = false;
  private readonly lowWaterBytes: number;
  // A bound method, not an arrow function: the TypeScript loader names each arrow function it assigns
  // to a field, which gives every instance's a property dictionary of its own.
  private readonly onWritten: () => void = this.afterWrite.bind(this);
  private readonly messagesOut: { inc(value?: number): void };
  private readonly gatewayMetrics = getGatewayMetrics();

  constructor(
    private readonly port: ClientPort,
    private readonly format: OutboundFormat,
    private readonly limits: OutboxLimits,
    private readonly events: OutboxEvents,
    transport = 'ws',
  ) {
    this.lowWaterBytes = Math.floor(limits.highWaterBytes / 4);
    this.messagesOut = messagesOutOf(transport);
  }

  /** Bytes not yet handed to the kernel. */
  get queuedBytes(): number {
    return this.port.bufferedAmount + this.heldBytes;
  }

  get isCongested(): boolean {
    return this.isCongestedNow;
  }

  /**
   * Sends a frame now if nothing is waiting, else holds it to go out joined with the others once the
   * connection drains. `owner` tags a book's frames (see dropOwned); `route` says which stream it is.
   */
  send(frame: SharedFrame, owner?: object, route?: Route): void {
    if (this.isClosed || !this.port.isOpen) return;
    if (this.held === undefined && this.port.bufferedAmount === 0) {
      this.writeOne(frame, route);
    } else {
      (this.held ??= []).push({ frame, owner, route });
      this.heldBytes += frame.data.length;
    }
    this.evaluate(Date.now());
  }

  /** Forgets held frames of one owner (a book being conflated: a snapshot replaces them later). */
  dropOwned(owner: object): void {
    if (this.held === undefined) return;
    const kept = this.held.filter((entry) => entry.owner !== owner);
    if (kept.length === this.held.length) return;
    this.held = kept.length > 0 ? kept : undefined;
    this.heldBytes = kept.reduce((sum, entry) => sum + entry.frame.data.length, 0);
  }

  /** Periodic check, for connections that get no writes: flushes a drained one and enforces `maxSlowMs`. */
  check(nowMs: number): void {
    if (this.isClosed) return;
    if (this.port.bufferedAmount === 0) this.flushHeld();
    this.evaluate(nowMs);
  }

  /** Writes what is held now, whatever the backlog, then stops sending (a goodbye the client must read first). */
  flushAndClose(): void {
    if (!this.isClosed && this.port.isOpen) {
      const held = this.held ?? [];
      this.held = undefined;
      for (const payload of this.format.join(held)) this.port.send(payload, undefined, () => undefined);
    }
    this.close();
  }

  /** Stops sending; held frames are dropped. */
  close(): void {
    this.isClosed = true;
    this.held = undefined;
    this.heldBytes = 0;
  }

  // A frame shared by many connections goes out as its pre-built message (and wire bytes, where the codec has them).
  private writeOne(frame: SharedFrame, route: Route): void {
    const payload = this.format.encode(frame, route);
    if (payload === undefined) return;
    this.count(this.port.send(payload, this.format.wire(frame, route), this.onWritten), frame.count);
  }

  private afterWrite(): void {
    if (this.isClosed) return;
    if (this.port.bufferedAmount === 0) this.flushHeld();
    this.evaluate(Date.now());
  }

  private flushHeld(): void {
    if (this.held === undefined || !this.port.isOpen) return;
    const held = this.held;
    this.held = undefined;
    this.heldBytes = 0;
    if (held.length === 1 && held[0]) return this.writeOne(held[0].frame, held[0].route);
    const payloads = this.format.join(held);
    const count = held.reduce((sum, entry) => sum + entry.frame.count, 0);
    payloads.forEach((payload, index) => {
      this.count(this.port.send(payload, undefined, this.onWritten), index === 0 ? count : 0);
    });
  }

  private count(wireBytes: number, messages: number): void {
    this.messagesOut.inc(messages);
    this.gatewayMetrics.framesOut.inc();
    this.gatewayMetrics.bytesOut.inc(wireBytes);
  }

  private evaluate(nowMs: number): void {
    if (this.isClosed) return;
    const elapsedMs = Math.max(0, nowMs - this.lastEvaluatedMs);
    this.lastEvaluatedMs = nowMs;
    this.slowScoreMs = this.isCongestedNow ? this.slowScoreMs + elapsedMs : Math.max(0, this.slowScoreMs - elapsedMs);
    const bytes = this.queuedBytes;
    if (bytes > this.limits.hardLimitBytes) return this.overflow('hard-limit');
    if (!this.isCongestedNow) {
      if (bytes <= this.limits.highWaterBytes) return;
      this.isCongestedNow = true;
      this.events.onCongested();
      return;
    }
    if (this.slowScoreMs > this.limits.maxSlowMs) return this.overflow('too-slow');
    // Drained means the connection took everything written to it. Conflation empties the held frames
    // too, but a reader that stopped would then flap between congested and drained and never reach maxSlowMs.
    if (bytes > this.lowWaterBytes || this.port.bufferedAmount > 0) return;
    this.isCongestedNow = false;
    this.events.onDrained();
  }

  private overflow(reason: 'hard-limit' | 'too-slow'): void {
    this.close();
    this.events.onOverflow(reason);
  }
}
