// One SSE client of the index stream: a retry hint, then (on resume) every entry after Last-Event-ID
// from the broker's stream, then live entries from the hub, with nothing missing or doubled.
import type { Broker, StreamEntry } from '../../../lib/broker/broker.ts';
import { EncodedEntry, isAfter, streamPosition, type StreamPosition } from './encoded-entry.ts';
import type { HubClient, IndexHub } from './index-hub.ts';
import { PushStream, type ChunkSink } from './push-stream.ts';
import { readResumePlan } from './resume-plan.ts';
import { getSseMetrics } from './sse-metrics.ts';
import { encodeEvent, encodeRetry } from './sse-format.ts';

export interface IndexStreamOptions {
  broker: Broker;
  hub: IndexHub;
  /** The last id the client saw, from the Last-Event-ID header or `?lastEventId=`. */
  lastEventId: string | undefined;
  /** Symbols whose `quote` events follow each `index` event. */
  symbols: readonly string[];
  /** Live `index` events carry hop times (replayed ones do not: they tell how long an entry waited, not how long it took). */
  timing?: boolean;
  /** Fires when the client goes away. */
  signal: AbortSignal;
  retryMs?: number;
  /** A client with more entries than this sent but unread is dropped (enqueue has no backpressure). */
  maxQueuedEntries?: number;
  /** Called once when the stream ends, however it ends (gives back its stream slot). */
  onEnd?: () => void;
}

/**
 * About 25 s of the index at 4 Hz (~100 KB): far more than a healthy client ever has in flight, and
 * small enough that thousands of stalled clients cannot exhaust the heap. Dropping costs little: the
 * client reconnects and resumes from its Last-Event-ID without losing anything.
 */
export const MAX_QUEUED_ENTRIES = 100;

/** Builds the byte stream for one client; it starts producing when Next (or anyone) starts reading it. */
export function createIndexStream(options: IndexStreamOptions): ReadableStream<Uint8Array> {
  return new PushStream((sink) => runIndexClient(sink, options));
}

function runIndexClient(sink: ChunkSink, options: IndexStreamOptions): void {
  const { broker, hub, signal, symbols } = options;
  const maxQueued = options.maxQueuedEntries ?? MAX_QUEUED_ENTRIES;
  let lastSent: StreamPosition = { ms: 0, seq: 0 };
  let backlog: EncodedEntry[] | undefined = []; // live entries that arrive while replaying

  const client: HubClient = {
    transport: 'sse',
    symbols,
    timing: options.timing === true,
    onEntry(entry, chunk) {
      if (backlog) {
        backlog.push(entry);
        // A client that reads nothing never finishes its replay: bound what waits behind it too.
        if (backlog.length > maxQueued) drop();
      } else if (isAfter(entry.position, lastSent)) {
        // Only entries the replay also read can come twice, just after it; ids only move forward.
        lastSent = entry.position;
        sink.send(chunk);
        if (sink.queued() > maxQueued) drop();
      }
    },
    onHeartbeat: (chunk) => sink.send(chunk),
    close: () => sink.close(),
  };
  const drop = (): void => {
    getSseMetrics().droppedClients.inc();
    sink.drop();
  };
  const onAbort = (): void => sink.close();
  signal.addEventListener('abort', onAbort);
  sink.onEnd(() => {
    hub.remove(client);
    signal.removeEventListener('abort', onAbort);
    options.onEnd?.();
  });
  // Next sends the headers only with the first body chunk: send something at once.
  sink.send(encodeRetry(options.retryMs ?? 2000));
  void catchUp().catch(() => sink.close());

  async function catchUp(): Promise<void> {
    await hub.add(client);
    const plan = await readResumePlan(broker, options.lastEventId);
    if (plan.expired) sink.send(encodeEvent(undefined, 'expired', JSON.stringify(plan.expired)));
    for await (const page of plan.pages()) {
      for (const entry of page) sendReplayed(entry);
      // Replay is paced by the client: wait until it has taken what was sent.
      await sink.room();
    }
    const pending = backlog ?? [];
    backlog = undefined;
    for (const entry of pending) client.onEntry(entry, entry.chunkFor(symbols));
  }

  function sendReplayed(entry: StreamEntry): void {
    lastSent = streamPosition(entry.id);
    sink.send(new EncodedEntry(entry).chunkFor(symbols));
  }
}
