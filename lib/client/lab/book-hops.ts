// The lab's hop times: each codec's book subscription (and the SSE index stream) asks for them
// (`timing`), each message with hops is noted when its wire message arrived (before parsing) and becomes
// a sample at the next animation frame after it was applied: the first moment this page could show it
// (the cards themselves redraw twice a second). The network hop is corrected by a clock offset estimated
// from pings on the JSON socket; the three sockets reach the same gateway origin.
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

/** The SSE index's hops: the web node reads the index stream and writes the event (the same keys as the book's). */
export const SSE_INDEX_HOPS = [
  { key: 'feed', label: 'feed→web', title: uiText('hops.hop.feedWeb') },
  { key: 'gateway', label: 'web', title: uiText('hops.hop.web') },
  { key: 'network', label: 'net', title: uiText('hops.hop.networkSse') },
  { key: 'render', label: 'render', title: uiText('hops.hop.renderSse') },
] as const satisfies readonly HopInfo[];

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
