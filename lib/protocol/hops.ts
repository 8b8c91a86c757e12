// Per-hop times of a timed subscription's messages (docs/protocol.md, "Hop times"): a subscriber that
// asks with `timing: true` gets `"hops":[feed, in, out]` on each live message, in ms since the epoch.
// The browser adds when the frame arrived and when it was rendered.

/**
 * `feed`: the feed's own `ts`. `read`: when the serving node (a gateway, or the web node for SSE) read
 * the message from the broker. `sent`: when that node built the frame for its subscribers.
 */
export type Hops = readonly [feed: number, read: number, sent: number];

/** The hops a message carries, when it carries three finite, non-negative times; else undefined. */
export function hopsOf(message: unknown): Hops | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const hops = (message as { hops?: unknown }).hops;
  if (!Array.isArray(hops) || hops.length !== 3) return undefined;
  const [feed, read, sent] = hops as unknown[];
  if (!isTime(feed) || !isTime(read) || !isTime(sent)) return undefined;
  return [feed, read, sent];
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The JSON text of a hops field, appended before a message's closing brace: `,"hops":[…]}`. */
export function hopsSuffix(feed: number, read: number, sent: number): string {
  return `,"hops":[${feed},${read},${sent}]}`;
}
