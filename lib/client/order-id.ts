// Client order ids: unique per browser tab, and the same id on a retry, so an order never places twice.

let counter = 0;
const tab = Math.random().toString(36).slice(2, 8);

/** A fresh id matching the protocol's pattern (1-64 of A-Za-z0-9_.:-). */
export function newClientOrderId(now = Date.now()): string {
  counter = (counter + 1) % 1_000_000;
  return `web-${tab}-${now.toString(36)}-${counter}`;
}
