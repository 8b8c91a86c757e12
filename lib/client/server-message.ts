// Every message the gateway may send a browser, and the frame parser that yields them one by one.
import type { MarketMessage } from '../protocol/messages.ts';
import type { OrderEvent } from '../protocol/order-events.ts';

/** A market-data message or one of the signed-in user's order events. */
export type ServerMessage = MarketMessage | OrderEvent;

/**
 * The messages of one text frame: a frame is one message object or an array of them, in order
 * (docs/protocol.md, "Frames"). Anything that is not JSON or not an object with a string `type`
 * is dropped here; each consumer checks the fields it reads.
 */
export function parseFrame(data: unknown): ServerMessage[] {
  if (typeof data !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  const items: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  return items.filter(isMessage);
}

function isMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
