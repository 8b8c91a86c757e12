// The id of one lab page load: sent with the lab's own SSE, long-poll and WebSocket connections so the
// drop button can end exactly those, on whichever nodes they are.

/** A fresh, URL-safe id (matches labIdSchema). */
export function createLabId(): string {
  return `lab-${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
