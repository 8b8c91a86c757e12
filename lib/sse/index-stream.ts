// One SSE client of the index stream: a retry hint, then (on resume) every entry after Last-Event-ID
// from the broker's stream, then live entries, with nothing missing or doubled; heartbeats meanwhile.
import { compareStreamIds, type Broker, type StreamEntry } from '../broker/broker.ts';
import { INDEX_STREAM } from '../protocol/channels.ts';
import type { IndexHub } from './index-hub.ts';
import { encodeComment, encodeEvent, encodeRetry } from './sse-format.ts';

export interface IndexStreamOptions {
  broker: Broker;
  hub: IndexHub;
  /** The last id the client saw, from the Last-Event-ID header or `?lastEventId=`. */
  lastEventId: string | undefined;
  /** Fires when the client goes away. */
  signal: AbortSignal;
  heartbeatMs?: number;
  retryMs?: number;
  /** A client whose unread queue grows past this many bytes is dropped (enqueue has no backpressure). */
  maxQueuedBytes?: number;
}

const REPLAY_PAGE = 500;
const STREAM_ID = /^\d+-\d+$/;

/** Whether a string is a well-formed stream id. */
export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** Builds the byte stream for one client. */
export function createIndexStream(options: IndexStreamOptions): ReadableStream<Uint8Array> {
  const { broker, hub, signal } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueuedBytes = options.maxQueuedBytes ?? 1_000_000;
  let heartbeat: NodeJS.Timeout | undefined;
  let isClosed = false;
  let lastSentId = '0-0';
  let backlog: StreamEntry[] | undefined = []; // live entries that arrive while replaying
  let close: () => void = () => undefined;

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (chunk: Uint8Array): void => {
          if (isClosed) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) < -maxQueuedBytes) close();
        };
        const client = {
          close: () => close(),
          onEntry(entry: StreamEntry, encoded: Uint8Array) {
            if (backlog) backlog.push(entry);
            else if (compareStreamIds(entry.id, lastSentId) > 0) {
              lastSentId = entry.id;
              send(encoded);
            }
          },
        };
        close = () => {
          if (isClosed) return;
          isClosed = true;
          clearInterval(heartbeat);
          hub.remove(client);
          signal.removeEventListener('abort', close);
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        signal.addEventListener('abort', close);
        // Next sends the headers only with the first body chunk: send something at once.
        send(encodeRetry(options.retryMs ?? 2000));
        heartbeat = setInterval(() => send(encodeComment('heartbeat')), heartbeatMs);
        void catchUp(client).catch(() => close());

        async function catchUp(hubClient: typeof client): Promise<void> {
          await hub.add(hubClient);
          for (const entry of await initialEntries()) {
            lastSentId = entry.id;
            send(encodeEvent(entry.id, 'index', entry.data));
          }
          const pending = backlog ?? [];
          backlog = undefined;
          for (const entry of pending) hubClient.onEntry(entry, encodeEvent(entry.id, 'index', entry.data));
        }

        async function initialEntries(): Promise<StreamEntry[]> {
          const resumeFrom = options.lastEventId;
          if (!resumeFrom) return broker.readLatest(INDEX_STREAM, 1);
          const firstId = await broker.firstId(INDEX_STREAM);
          if (firstId && compareStreamIds(resumeFrom, firstId) < 0) {
            // Entries after the client's id may have been trimmed: say so, then start from the latest value.
            send(encodeEvent(resumeFrom, 'expired', JSON.stringify({ lastEventId: resumeFrom, oldestKept: firstId })));
            return broker.readLatest(INDEX_STREAM, 1);
          }
          return readAllAfter(resumeFrom);
        }

        async function readAllAfter(afterId: string): Promise<StreamEntry[]> {
          const out: StreamEntry[] = [];
          for (let cursor = afterId; ; ) {
            const page = await broker.readAfter(INDEX_STREAM, cursor, REPLAY_PAGE);
            out.push(...page);
            const last = page.at(-1);
            if (page.length < REPLAY_PAGE || !last) return out;
            cursor = last.id;
          }
        }
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 0 },
  );
}
