// The polling baselines over the same stream and ids as SSE: short polling answers at once with what
// came after `since`; long polling waits (on the shared hub, no broker subscription of its own) until
// something newer exists or the timeout passes.
import { z } from 'zod';
import { compareStreamIds, type Broker, type StreamEntry } from '../../../lib/broker/broker.ts';
import { getMetrics } from '../../../lib/metrics.ts';
import { INDEX_STREAM } from '../../../lib/protocol/channels.ts';
import type { HubClient, IndexHub } from './index-hub.ts';
import { streamIdSchema } from '../../../lib/protocol/stream-id.ts';

/** `?since=<id>&limit=`: without `since`, the latest entry (where a new client starts). */
export const pollQuerySchema = z.object({
  since: streamIdSchema.optional(),
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 1000').max(1000, 'must be 1 to 1000').default(100),
});
export type PollQuery = z.infer<typeof pollQuerySchema>;

/** Long polling adds `timeout`, in whole seconds (1–60; 25 keeps under common 30 s proxy timeouts). */
export const longPollQuerySchema = pollQuerySchema.extend({
  timeout: z.coerce.number({ message: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be 1 to 60 seconds').max(60, 'must be 1 to 60 seconds').default(25),
});
export type LongPollQuery = z.infer<typeof longPollQuerySchema>;

/** What one poll returns. */
export interface PollResult {
  entries: StreamEntry[];
  /** The id to send as `since` next time. */
  lastId: string | null;
  /** `since` was older than the oldest entry kept: entries may be missing, `entries` holds the latest. */
  expired: boolean;
  /** More entries follow; poll again at once. */
  hasMore: boolean;
}

/** Short poll: what came after `since`, right now (possibly nothing). */
export async function readSince(broker: Broker, query: PollQuery): Promise<PollResult> {
  const { since, limit } = query;
  if (!since) return result(await broker.readLatest(INDEX_STREAM, 1), null, false, false);
  const oldestKept = await broker.firstId(INDEX_STREAM);
  if (oldestKept && compareStreamIds(since, oldestKept) < 0) return result(await broker.readLatest(INDEX_STREAM, 1), since, true, false);
  const entries = await broker.readAfter(INDEX_STREAM, since, limit + 1);
  return result(entries.slice(0, limit), since, false, entries.length > limit);
}

/** Long poll: returns at once if something came after `since`, else waits for the next entry, the timeout or the client leaving. */
export async function waitSince(broker: Broker, hub: IndexHub, query: LongPollQuery, signal: AbortSignal): Promise<PollResult> {
  const { since } = query;
  if (!since) return readSince(broker, query);
  let wake: (entry: StreamEntry | undefined) => void = () => undefined;
  const next = new Promise<StreamEntry | undefined>((resolve) => (wake = resolve));
  const waiter: HubClient = {
    transport: 'longpoll',
    symbols: [],
    onEntry(encoded) {
      if (compareStreamIds(encoded.entry.id, since) > 0) wake(encoded.entry);
    },
    onHeartbeat: () => undefined,
    close: () => wake(undefined),
  };
  const timer = setTimeout(() => wake(undefined), query.timeout * 1000);
  const onAbort = (): void => wake(undefined);
  signal.addEventListener('abort', onAbort);
  try {
    // Subscribed before reading: whatever the read misses arrives live, in order.
    await hub.add(waiter);
    const now = await readSince(broker, query);
    if (now.entries.length > 0 || now.expired) return now;
    // Nothing after `since` existed at the read, so the first live entry after it is the very next one.
    const entry = await next;
    return entry ? result([entry], since, false, false) : now;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    hub.remove(waiter);
  }
}

function result(entries: StreamEntry[], since: string | null, expired: boolean, hasMore: boolean): PollResult {
  return { entries, lastId: entries.at(-1)?.id ?? since, expired, hasMore };
}

/** The JSON body: entries carry the broker's JSON as is (`tick`), so nothing is parsed and re-serialised. */
export function pollResponse(poll: PollResult, transport: 'poll' | 'longpoll'): Response {
  getMetrics().messagesOut.inc({ transport }, poll.entries.length);
  const entries = poll.entries.map((e) => `{"id":${JSON.stringify(e.id)},"tick":${e.data}}`).join(',');
  const body = `{"entries":[${entries}],"lastId":${JSON.stringify(poll.lastId)},"expired":${poll.expired},"hasMore":${poll.hasMore}}`;
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
}
