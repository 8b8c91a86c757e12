// One short poll of /api/poll/index as it crosses the wire: the request and the whole response, for
// one entry after a known id (`limit=1`), so the capture is one update's worth of polling.
import { waitFor } from '../lib/wait-for.ts';
import type { Capture, CaptureContext } from './capture-section.ts';
import { shortenLongLines } from './http-message.ts';
import { exchangeOf, recordedGet } from './recorded-http.ts';

const MAX_LINE_CHARS = 140;

interface PollBody {
  entries: { id: string }[];
  lastId: string | null;
}

const poll = async (url: string): Promise<PollBody> => (await (await fetch(url)).json()) as PollBody;

export async function capturePoll({ appUrl, recorder }: CaptureContext): Promise<Capture[]> {
  // Where a new client starts (the latest entry), then wait until something newer exists, so the
  // recorded poll always answers with exactly one entry.
  const since = await waitFor('a first index entry', async () => (await poll(`${appUrl}/api/poll/index`)).lastId, 10_000, 100);
  const path = `/api/poll/index?since=${encodeURIComponent(since)}&limit=1`;
  await waitFor('an index entry after the first', async () => (await poll(`${appUrl}${path}`)).entries.length > 0, 10_000, 100);

  const connection = await recordedGet(recorder, path, { Accept: 'application/json' });
  const { requestHead, responseHead, responseBody } = exchangeOf(connection);
  return [{ name: 'poll', text: `${requestHead}\n\n${responseHead}\n\n${shortenLongLines(responseBody, MAX_LINE_CHARS)}` }];
}
