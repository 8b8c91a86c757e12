// What the gateway pushes on the index channel, whatever the codec carried it: one JSON message or an
// array of them (coalesced), in order. Index entries become updates; anything else goes to `onOther`.
import { recordUpdate, type TransportStats } from './transport-stats.ts';

/** A gateway message as the lab reads it: a `type` and whatever else it carries. */
export type GatewayMessage = { type: string } & Record<string, unknown>;

function isGatewayMessage(value: unknown): value is GatewayMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Records each index entry of a decoded payload (and hands it to `onIndex`); hands every other message to `onOther`. */
export function recordIndexPayload(stats: TransportStats, payload: unknown, nowMs: number, onOther?: (message: GatewayMessage) => void, onIndex?: (tick: GatewayMessage) => void): void {
  for (const item of Array.isArray(payload) ? (payload as unknown[]) : [payload]) {
    if (!isGatewayMessage(item)) continue;
    if (item.type === 'index' && typeof item.id === 'string' && typeof item.ts === 'number') {
      recordUpdate(stats, item.id, item.ts, nowMs);
      onIndex?.(item);
    } else onOther?.(item);
  }
}
