// Where a (re)connecting client starts: every entry after its last id, or, when that id is older than
// the stream keeps (or absent), the latest entry alone.
import { compareStreamIds, type Broker, type StreamEntry } from '../../../lib/broker/broker.ts';
import { INDEX_STREAM } from '../../../lib/protocol/channels.ts';

const PAGE = 500;

/** Sent to a client whose last id is older than the oldest entry kept. */
export interface ExpiredNotice {
  lastEventId: string;
  oldestKept: string;
}

export interface ResumePlan {
  expired: ExpiredNotice | undefined;
  /** The entries to replay, oldest first, one broker read per page. */
  pages(): AsyncGenerator<StreamEntry[]>;
}

/** Decides how to start a stream for a client that last saw `lastEventId`. */
export async function readResumePlan(broker: Broker, lastEventId: string | undefined): Promise<ResumePlan> {
  const latest = (): AsyncGenerator<StreamEntry[]> => single(broker.readLatest(INDEX_STREAM, 1));
  if (!lastEventId) return { expired: undefined, pages: latest };
  const oldestKept = await broker.firstId(INDEX_STREAM);
  // Entries between the client's id and the oldest kept may have been trimmed: say so, start from the latest.
  if (oldestKept && compareStreamIds(lastEventId, oldestKept) < 0) return { expired: { lastEventId, oldestKept }, pages: latest };
  return { expired: undefined, pages: () => pagesAfter(broker, lastEventId) };
}

async function* single(page: Promise<StreamEntry[]>): AsyncGenerator<StreamEntry[]> {
  yield await page;
}

async function* pagesAfter(broker: Broker, afterId: string): AsyncGenerator<StreamEntry[]> {
  for (let cursor = afterId; ; ) {
    const page = await broker.readAfter(INDEX_STREAM, cursor, PAGE);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    cursor = last.id;
  }
}
