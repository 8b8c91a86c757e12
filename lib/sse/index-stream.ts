// One SSE client of the index stream: a retry hint, then (on resume) every entry after Last-Event-ID
// from the broker's stream, then live entries from the hub, with nothing missing or doubled.
import { compareStreamIds, type Broker, type StreamEntry } from '../broker/broker.ts';
import type { HubClient, IndexHub } from './index-hub.ts';
import { EncodedEntry } from './encoded-entry.ts';
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
  /** Fires when the client goes away. */
  signal: AbortSignal;
  retryMs?: number;
  /** A client whose unread queue grows past this many bytes is dropped (enqueue has no backpressure). */
  maxQueuedBytes?: number;
}

/** About 15 minutes of index events at 4 Hz with every quote: far more than a healthy client ever queues. */
export const MAX_QUEUED_BYTES = 1_000_000;

/** Builds the byte stream for one client. */
export function createIndexStream(options: IndexStreamOptions): ReadableStream<Uint8Array> {
  const { broker, hub, signal, symbols } = options;
  const maxQueuedBytes = options.maxQueuedBytes ?? MAX_QUEUED_BYTES;
  let isClosed = false;
  let lastSentId = '0-0';
  let backlog: EncodedEntry[] | undefined = []; // live entries that arrive while replaying
  let backlogBytes = 0;
  let wakeReplay: (() => void) | undefined;
  let close: (reason?: 'slow') => void = () => undefined;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (chunk: Uint8Array): void => {
          if (!isClosed) controller.enqueue(chunk);
        };
        const client: HubClient = {
          transport: 'sse',
          symbols,
          onEntry(entry, chunk) {
            if (backlog) {
              backlog.push(entry);
              backlogBytes += chunk.byteLength;
              // A client that reads nothing never finishes its replay: bound what waits behind it too.
              if (backlogBytes > maxQueuedBytes) close('slow');
            } else if (compareStreamIds(entry.entry.id, lastSentId) > 0) {
              lastSentId = entry.entry.id;
              send(chunk);
              // desiredSize counts queued bytes (see the strategy below): the client stopped reading.
              if ((controller.desiredSize ?? 0) < -maxQueuedBytes) close('slow');
            }
          },
          onHeartbeat: send,
          close: () => close(),
        };
        close = (reason) => {
          if (isClosed) return;
          isClosed = true;
          hub.remove(client);
          signal.removeEventListener('abort', onAbort);
          wakeReplay?.();
          try {
            if (reason === 'slow') {
              getSseMetrics().droppedClients.inc();
              // Erroring drops the queued bytes and makes Next destroy the socket; Next treats an
              // AbortError as the client leaving and logs nothing.
              controller.error(new DOMException('SSE client stopped reading', 'AbortError'));
            } else controller.close();
          } catch {
            // already closed by the client
          }
        };
        const onAbort = (): void => close();
        signal.addEventListener('abort', onAbort);
        // Next sends the headers only with the first body chunk: send something at once.
        send(encodeRetry(options.retryMs ?? 2000));
        void catchUp().catch(() => close());

        async function catchUp(): Promise<void> {
          await hub.add(client);
          const plan = await readResumePlan(broker, options.lastEventId);
          if (plan.expired) send(encodeEvent(undefined, 'expired', JSON.stringify(plan.expired)));
          for await (const page of plan.pages()) {
            for (const entry of page) sendReplayed(entry);
            await roomInQueue();
          }
          const pending = backlog ?? [];
          backlog = undefined;
          for (const entry of pending) client.onEntry(entry, entry.chunkFor(symbols));
        }

        function sendReplayed(entry: StreamEntry): void {
          lastSentId = entry.id;
          send(new EncodedEntry(entry).chunkFor(symbols));
        }

        /** Replay is paced by the client: wait until it has read what was queued. */
        async function roomInQueue(): Promise<void> {
          while (!isClosed && (controller.desiredSize ?? 0) < 0) {
            await new Promise<void>((resolve) => (wakeReplay = resolve));
          }
        }
      },
      pull() {
        wakeReplay?.();
        wakeReplay = undefined;
      },
      cancel() {
        close();
      },
    },
    // Nothing is buffered ahead of the reader; the queue is measured in bytes so the bound above means bytes.
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}
