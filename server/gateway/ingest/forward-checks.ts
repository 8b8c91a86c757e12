// What a forwarded payload must look like before it reaches clients, one parse per message per node
// (not per client), so a stray payload on a channel is kept off every socket.
import type { StreamEntry } from '../../../lib/broker/broker.ts';
import { ORDER_EVENT_TYPES } from '../../../lib/protocol/order-events.ts';

/** The fields a forwarded market message must carry. */
export interface ExpectedShape {
  type: 'trade' | 'candle' | 'index';
  /** Absent for the index, which is not per instrument. */
  symbol?: string;
  timeframe?: string;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/** Whether a trades, candles or index payload is the message its channel carries. */
export function matchesShape(payload: string, expected: ExpectedShape): boolean {
  const record = parseObject(payload);
  if (!record || record.type !== expected.type || record.symbol !== expected.symbol) return false;
  if (expected.type === 'index') return typeof record.ts === 'number' && typeof record.value === 'string';
  return expected.timeframe === undefined || record.timeframe === expected.timeframe;
}

/** The feed's `ts` of an index payload (for hop times); undefined when it has none. */
export function indexFeedTs(payload: string): number | undefined {
  const ts = parseObject(payload)?.ts;
  return typeof ts === 'number' && Number.isFinite(ts) ? ts : undefined;
}

/** Whether a user-channel payload is one of the engine's order events (only those reach clients). */
export function isOrderEvent(payload: string): boolean {
  const type = parseObject(payload)?.type;
  return typeof type === 'string' && EVENT_TYPES.has(type);
}

/** An index stream entry as a wire message: its id and type spliced in front of the feed's JSON object, not re-encoded. */
export function indexPayload(entry: StreamEntry): string {
  const body = entry.data.trimStart();
  if (!body.startsWith('{') || body.slice(1).trimStart().startsWith('}')) return '';
  return `{"type":"index","id":${JSON.stringify(entry.id)},${body.slice(1)}`;
}

function parseObject(payload: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
