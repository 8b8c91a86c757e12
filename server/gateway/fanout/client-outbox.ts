// One socket's outbound path: writes at once while the socket keeps up, holds and joins frames while
// it does not, and reports congestion so books can be conflated instead of buffered without bound.
import { WebSocket } from 'ws';
import { getMetrics } from '../../../lib/metrics.ts';
import { getGatewayMetrics, wireBytesOf } from '../gateway-metrics.ts';
import { joinFrames, type SharedFrame } from './shared-frame.ts';
import { wireFrameOf } from './wire-frame.ts';
import { frameWriterOf, type FrameWriter } from './ws-internals.ts';

/** Byte and time limits of one socket's queue (ws `bufferedAmount` plus held frames). */
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

interface HeldFrame {
  frame: SharedFrame;
  /** The book subscription it belongs to, so a conflated book's frames can be dropped. */
  owner: object | undefined;
}

/** The send queue of one WebSocket. */
export class ClientOutbox {
  private held: HeldFrame[] = [];
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
  private readonly onWritten = (): void => this.afterWrite();
  private readonly writer: FrameWriter | undefined;
  private readonly messagesOut = getMetrics().messagesOut.labels({ transport: 'ws' });
  private readonly gatewayMetrics = getGatewayMetrics();

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: OutboxLimits,
    private readonly events: OutboxEvents,
  ) {
    this.lowWaterBytes = Math.floor(limits.highWaterBytes / 4);
    this.writer = frameWriterOf(ws);
  }

  /** Bytes not yet handed to the kernel. */
  get queuedBytes(): number {
    return this.ws.bufferedAmount + this.heldBytes;
  }

  get isCongested(): boolean {
    return this.isCongestedNow;
  }

  /** Sends a frame now if nothing is waiting, else holds it to go out joined with the others once the socket drains. */
  send(frame: SharedFrame, owner?: object): void {
    if (this.isClosed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.held.length === 0 && this.ws.bufferedAmount === 0) {
      this.write(frame, true);
    } else {
      this.held.push({ frame, owner });
      this.heldBytes += frame.data.length;
    }
    this.evaluate(Date.now());
  }

  /** Forgets held frames of one owner (a book being conflated: a snapshot replaces them later). */
  dropOwned(owner: object): void {
    const kept = this.held.filter((entry) => entry.owner !== owner);
    if (kept.length === this.held.length) return;
    this.held = kept;
    this.heldBytes = kept.reduce((sum, entry) => sum + entry.frame.data.length, 0);
  }

  /** Periodic check, for sockets that get no writes: flushes a drained socket and enforces `maxSlowMs`. */
  check(nowMs: number): void {
    if (this.isClosed) return;
    if (this.ws.bufferedAmount === 0) this.flushHeld();
    this.evaluate(nowMs);
  }

  /** Stops sending; held frames are dropped. */
  close(): void {
    this.isClosed = true;
    this.held = [];
    this.heldBytes = 0;
  }

  // A frame shared by many sockets goes out as its pre-built wire bytes; one joined for this socket alone through ws.
  private write(frame: SharedFrame, isShared: boolean): void {
    if (isShared && this.writer) this.writer.sendFrame([wireFrameOf(frame)], this.onWritten);
    else this.ws.send(frame.data, { binary: false }, this.onWritten);
    this.messagesOut.inc(frame.count);
    this.gatewayMetrics.framesOut.inc();
    this.gatewayMetrics.bytesOut.inc(wireBytesOf(frame.data.length));
  }

  private afterWrite(): void {
    if (this.isClosed) return;
    if (this.ws.bufferedAmount === 0) this.flushHeld();
    this.evaluate(Date.now());
  }

  private flushHeld(): void {
    if (this.held.length === 0 || this.ws.readyState !== WebSocket.OPEN) return;
    const frames = this.held.map((entry) => entry.frame);
    this.held = [];
    this.heldBytes = 0;
    this.write(joinFrames(frames), frames.length === 1);
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
    // Drained means the socket took everything written to it. Conflation empties the held frames too,
    // but a reader that stopped would then flap between congested and drained and never reach maxSlowMs.
    if (bytes > this.lowWaterBytes || this.ws.bufferedAmount > 0) return;
    this.isCongestedNow = false;
    this.events.onDrained();
  }

  private overflow(reason: 'hard-limit' | 'too-slow'): void {
    this.close();
    this.events.onOverflow(reason);
  }
}
