// Fetches and validates the REST depth snapshot, GET /api/v3/depth?symbol=BTCUSDT&limit=1000
// (https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints#order-book).
import type { BinanceBadInput } from './bad-input.ts';
import { depthSnapshotSchema, describeIssue, type DepthSnapshot } from './binance-messages.ts';

/** The snapshot; or a body we cannot trust (`bad`); or no usable answer at all (`unavailable`). */
export type SnapshotFetch =
  | { kind: 'ok'; snapshot: DepthSnapshot; body: string }
  | { kind: 'bad'; bad: BinanceBadInput; body: string }
  | { kind: 'unavailable'; detail: string; retryAfterMs?: number };

/** Where and how to fetch. */
export interface SnapshotRequest {
  restUrl: string;
  venueSymbol: string;
  limit: number;
  timeoutMs: number;
  maxBodyChars: number;
  signal: AbortSignal;
}

/** Fetches one snapshot; never throws except when `signal` aborts. */
export async function fetchDepthSnapshot(request: SnapshotRequest): Promise<SnapshotFetch> {
  const url = `${request.restUrl.replace(/\/+$/, '')}/api/v3/depth?symbol=${encodeURIComponent(request.venueSymbol)}&limit=${request.limit}`;
  let body: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]) });
    if (!response.ok) {
      await response.body?.cancel();
      // 429 and 418 are rate limits: Retry-After says how long to stay away (seconds).
      const retryAfterS = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : undefined;
      return { kind: 'unavailable', detail: `HTTP ${response.status} from ${url}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    body = await response.text();
  } catch (error) {
    if (request.signal.aborted) throw error;
    return { kind: 'unavailable', detail: `${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (body.length > request.maxBodyChars) {
    return { kind: 'bad', bad: { code: 'MALFORMED_SNAPSHOT', detail: `body of ${body.length} characters` }, body };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { kind: 'bad', bad: { code: 'MALFORMED_SNAPSHOT', detail: error instanceof Error ? error.message : 'invalid JSON' }, body };
  }
  const parsed = depthSnapshotSchema.safeParse(json);
  if (!parsed.success) return { kind: 'bad', bad: { code: 'MALFORMED_SNAPSHOT', detail: describeIssue(parsed.error) }, body };
  return { kind: 'ok', snapshot: parsed.data, body };
}
