// The lab's hop times: each codec's book subscription, and each of the index's four pushed transports
// (SSE and the three socket codecs), asks for them (`timing`); each message with hops is noted when its
// wire message arrived (before parsing) and becomes a sample at the next animation frame after it was
// applied: the first moment this page could show it (the cards themselves redraw twice a second). The
// sockets' network hop is corrected by a clock offset estimated from pings on the JSON socket (the three
// sockets reach the same gateway origin); SSE's is not, an event stream having no ping.
import { hopClockMs } from '../../hop-clock.ts';
import { BookTiming, type HopInfo } from '../book-timing.ts';
import { ClockOffset } from '../clock-offset.ts';
import { requestFrame, type RequestFrame } from '../frame-scheduler.ts';
import type { BookTransportName } from './book-stats.ts';
import { uiText } from '../ui-text.ts';

/** One codec's timing and the wiring that feeds it. */
export class LabHopRecorder {
  readonly timing: BookTiming;
  private receivedAtMs = 0;
  private isFrameRequested = false;

  constructor(
    clock: ClockOffset,
    private readonly schedule: RequestFrame = requestFrame,
  ) {
    this.timing = new BookTiming({ clockOffsetMs: () => clock.offsetMs });
  }

  /** A wire message arrived: its deltas' arrival time, taken before anything parses it. */
  onWireMessage(): void {
    this.receivedAtMs = hopClockMs();
  }

  /** A decoded payload (one message or an array), after the book applied it: its deltas are timed. */
  onPayload(payload: unknown): void {
    for (const item of Array.isArray(payload) ? (payload as unknown[]) : [payload]) {
      if (typeof item === 'object' && item !== null && (item as { type?: unknown }).type === 'book.delta') this.onMessage(item);
    }
  }

  /** One message that may carry hops, after the page applied it. */
  onMessage(message: unknown): void {
    this.timing.onDelta(message, this.receivedAtMs);
    if (this.isFrameRequested) return;
    this.isFrameRequested = true;
    this.schedule(() => {
      this.isFrameRequested = false;
      this.timing.onRendered(hopClockMs());
    });
  }
}

/** The index's hops: the serving node (the web node for SSE, a gateway for the sockets) reads the stream and writes the message (the same keys as the book's). */
export const INDEX_HOPS = [
  { key: 'feed', label: 'feed→node', title: uiText('hops.hop.feedNode') },
  { key: 'gateway', label: 'node', title: uiText('hops.hop.node') },
  { key: 'network', label: 'net', title: uiText('hops.hop.networkIndex') },
  { key: 'render', label: 'render', title: uiText('hops.hop.renderIndex') },
] as const satisfies readonly HopInfo[];

/** The index transports whose messages carry hop times (the polled ones cannot: they are not pushed). */
export type IndexHopTransport = 'sse' | 'ws' | 'stomp' | 'socketio';

/** The Index tab's recorders, and the clock offset the socket ones share (SSE's is never corrected). */
export interface IndexHops {
  readonly clock: ClockOffset;
  readonly recorders: Record<IndexHopTransport, LabHopRecorder>;
}

export function createIndexHops(): IndexHops {
  const clock = new ClockOffset();
  return { clock, recorders: { sse: new LabHopRecorder(new ClockOffset()), ws: new LabHopRecorder(clock), stomp: new LabHopRecorder(clock), socketio: new LabHopRecorder(clock) } };
}

/** The Book tab's recorders, one per codec, and the clock offset they share. */
export interface LabHops {
  readonly clock: ClockOffset;
  readonly recorders: Record<BookTransportName, LabHopRecorder>;
}

export function createLabHops(): LabHops {
  const clock = new ClockOffset();
  return { clock, recorders: { ws: new LabHopRecorder(clock), stomp: new LabHopRecorder(clock), socketio: new LabHopRecorder(clock) } };
}

const PING_PREFIX = 'lab-clock-';
const PING_EVERY_MS = 5000;

/**
 * Pings over a JSON socket every 5 s (and on each `hello`) with the page's hop-clock time as `ts`, which the
 * pong echoes; `handle` takes every message of that socket and keeps the answers. Returns the stop.
 */
export function startClockPings(send: (request: Record<string, unknown>) => boolean, clock: ClockOffset): { handle(message: unknown): void; stop(): void } {
  let counter = 0;
  const ping = (): void => {
    send({ op: 'ping', id: `${PING_PREFIX}${++counter}`, ts: hopClockMs() });
  };
  const timer = setInterval(ping, PING_EVERY_MS);
  return {
    handle(message) {
      const pong = message as { type?: unknown; id?: unknown; ts?: unknown; serverTs?: unknown };
      // `hello` opens every connection: ping at once rather than up to 5 s later.
      if (pong?.type === 'hello') return ping();
      if (pong?.type !== 'pong' || typeof pong.id !== 'string' || !pong.id.startsWith(PING_PREFIX)) return;
      if (typeof pong.ts !== 'number' || typeof pong.serverTs !== 'number') return;
      clock.add({ sentAtMs: pong.ts, receivedAtMs: hopClockMs(), serverTs: pong.serverTs });
    },
    stop: () => clearInterval(timer),
  };
}
