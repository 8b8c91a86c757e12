// Short polling (a request every second, answered at once) and long polling (a request held by the
// server until the next entry): the two HTTP request/response baselines.
import type { DropEpoch } from '../../protocol/lab-drop-epoch.ts';
import { fetchPoll } from './poll-response.ts';
import { recordUpdate, type TransportStats } from './transport-stats.ts';

/** How often the short poller asks. */
export const SHORT_POLL_INTERVAL_MS = 1000;
const RETRY_MS = 1000;

/**
 * Starts a poller; returns a stop function. Long polling carries the lab id, and the page's count of
 * acknowledged drops, so a drop ends it even while the request is still on its way.
 */
export function startPolling(stats: TransportStats, kind: 'poll' | 'longpoll', labId: string, dropEpoch: DropEpoch): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  let since: string | null = null;

  async function loop(): Promise<void> {
    while (!signal.aborted) {
      const query = new URLSearchParams(since === null ? {} : { since });
      if (kind === 'longpoll') {
        query.set('timeout', '25');
        query.set('lab', labId);
        query.set('epoch', String(dropEpoch.current));
      }
      // The lab's long poll is /api/longpoll/index plus the drop hook; short polling needs no hook.
      const path = `${kind === 'poll' ? '/api/poll/index' : '/api/lab/longpoll'}?${query.toString()}`;
      stats.requests += 1;
      const sentAtEpoch = dropEpoch.current;
      let hasMore = false;
      try {
        const answer = await fetchPoll(path, signal);
        // A long poll the server answered just before a drop reached it, arriving after the page saw
        // the drop: it was in flight across the drop, and a dropped request's answer never arrives.
        // Discarded, it is asked again from the same cursor, so nothing is lost.
        if (kind === 'longpoll' && dropEpoch.current > sentAtEpoch) throw new Error('dropped while in flight');
        stats.state = 'open';
        stats.bytes += answer.wireBytes;
        const now = Date.now();
        for (const entry of answer.entries) recordUpdate(stats, entry.id, entry.tick.ts, now);
        since = answer.lastId ?? since;
        hasMore = answer.hasMore;
      } catch {
        if (signal.aborted) return;
        // A dropped or failed request: polling just asks again (the `since` cursor loses nothing).
        stats.state = 'reconnecting';
        stats.reconnects += 1;
        await sleep(RETRY_MS);
        continue;
      }
      if (kind === 'poll' && !hasMore) await sleep(SHORT_POLL_INTERVAL_MS);
    }
  }
  void loop();
  return () => {
    stats.state = 'closed';
    controller.abort();
  };
}
