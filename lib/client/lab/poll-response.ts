// Reads a /api/poll or /api/longpoll answer, measuring it as it came over the wire.
import { httpOverheadBytes, utf8Bytes } from './wire-bytes.ts';

/** One entry of a poll answer: only the fields the lab needs. */
export interface PolledEntry {
  id: string;
  tick: { ts: number };
}

/** A poll answer with its measured size. */
export interface PollAnswer {
  entries: PolledEntry[];
  lastId: string | null;
  hasMore: boolean;
  /** Body bytes plus the header estimate. */
  wireBytes: number;
}

/** GETs one poll; throws on a network error or a non-2xx status (the caller retries). */
export async function fetchPoll(path: string, signal: AbortSignal): Promise<PollAnswer> {
  const response = await fetch(path, { signal, cache: 'no-store' });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const parsed = JSON.parse(body) as Omit<PollAnswer, 'wireBytes'>;
  return { entries: parsed.entries, lastId: parsed.lastId, hasMore: parsed.hasMore, wireBytes: utf8Bytes(body) + httpOverheadBytes(path, response.headers) };
}
