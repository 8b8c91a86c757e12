// The node's ceiling on held streams — SSE streams and long polls together (MAX_STREAMS) — so a crowd
// of idle streams cannot take a web node's sockets and memory: a slot is taken before a stream starts
// and given back once when it ends, however it ends; a full node answers 503 with Retry-After.
import { getMetrics } from '../../../lib/metrics.ts';
import { NODE_FULL_RETRY_AFTER_SECONDS } from '../../../lib/protocol/codes.ts';

/** Gives a slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Counts the streams a web node holds, up to `max`. */
export class StreamSlots {
  private held = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot: its release, or undefined when the node already holds `max` streams. */
  take(): ReleaseSlot | undefined {
    if (this.held >= this.max) return undefined;
    this.held += 1;
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.held -= 1;
    };
  }

  /** Streams held now. */
  get size(): number {
    return this.held;
  }
}

/**
 * Gives the slot back when the client leaves, or at once if it already has: a client gone before its
 * stream was first read never ends that stream.
 */
export function releaseOnAbort(signal: AbortSignal, release: ReleaseSlot): void {
  if (signal.aborted) release();
  else signal.addEventListener('abort', release, { once: true });
}

/** The answer to a stream a full node cannot take: 503, Retry-After, and the refusal counted. */
export function streamsFullResponse(transport: 'sse' | 'longpoll'): Response {
  getMetrics().refusedConnections.inc({ transport, reason: 'node-full' });
  return Response.json(
    { error: 'too_many_streams', message: 'this node holds its maximum number of streams (MAX_STREAMS); retry later' },
    { status: 503, headers: { 'Retry-After': String(NODE_FULL_RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' } },
  );
}
