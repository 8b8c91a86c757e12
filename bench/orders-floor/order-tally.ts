// What came back for each order of one phase, from the messages its socket received: the first
// `order.filled`, a refusal (the engine's `order.rejected` or the gateway's error reply to the
// request), and any order answered twice. Pure: the caller passes the receive times.

/** One order sent, and what came back for it. */
export interface TrackedOrder {
  /** performance.now() at send. */
  atMs: number;
  /** False during the warm-up: sent and answered like the others, left out of the figures. */
  isMeasured: boolean;
  /** From send to the first `order.filled`. */
  filledMs?: number;
  /** The refusal's code (the engine's reject code, or the gateway's error code). */
  rejected?: string;
  /** Set when the order was answered twice: a second final fill, a fill id seen before, or both a fill and a refusal. */
  isDoubled: boolean;
}

/** A message as the gateway frames it: an order event or an error reply; only the fields read here. */
export interface ReceivedMessage {
  type: string;
  clientOrderId?: string;
  /** An error reply's request id (the `id` the order op was sent with). */
  id?: string | number;
  code?: string;
  fillId?: string;
  status?: string;
}

/** The orders of one phase by client order id; request ids are `<idPrefix><n>` → n. */
export class OrderTally {
  readonly orders = new Map<string, TrackedOrder>();
  private readonly fillIds = new Map<string, Set<string>>();
  private readonly finalFills = new Map<string, number>();
  /** Error replies that name no request of this phase (a frame refused before it was read, say). */
  unmatchedErrors = 0;

  constructor(private readonly idPrefix: string) {}

  /** Records a sent order. */
  sent(clientOrderId: string, atMs: number, isMeasured: boolean): void {
    this.orders.set(clientOrderId, { atMs, isMeasured, isDoubled: false });
  }

  /** Records one received message; messages about other phases' orders are ignored. */
  received(message: ReceivedMessage, receivedAtMs: number): void {
    if (message.type === 'error') {
      const order = message.id === undefined ? undefined : this.orders.get(`${this.idPrefix}${message.id}`);
      if (order === undefined) this.unmatchedErrors += 1;
      else this.refuse(order, message.code ?? 'error');
      return;
    }
    const id = message.clientOrderId;
    const order = id === undefined ? undefined : this.orders.get(id);
    if (order === undefined || id === undefined) return;
    if (message.type === 'order.rejected') this.refuse(order, message.code ?? 'rejected');
    else if (message.type === 'order.filled') this.fill(id, order, message, receivedAtMs);
  }

  private refuse(order: TrackedOrder, code: string): void {
    if (order.rejected !== undefined || order.filledMs !== undefined) order.isDoubled = true;
    order.rejected ??= code;
  }

  private fill(id: string, order: TrackedOrder, message: ReceivedMessage, receivedAtMs: number): void {
    // A market order may fill over several price levels (one event each); only a repeat is a double.
    const seen = this.fillIds.get(id) ?? new Set<string>();
    if (message.fillId !== undefined && seen.has(message.fillId)) order.isDoubled = true;
    if (message.fillId !== undefined) seen.add(message.fillId);
    this.fillIds.set(id, seen);
    if (message.status === 'filled') {
      const finals = (this.finalFills.get(id) ?? 0) + 1;
      this.finalFills.set(id, finals);
      if (finals > 1) order.isDoubled = true;
    }
    if (order.rejected !== undefined) order.isDoubled = true;
    order.filledMs ??= receivedAtMs - order.atMs;
  }

  /** Whether every order has an answer (a fill or a refusal). */
  isAllAnswered(): boolean {
    for (const order of this.orders.values()) if (order.filledMs === undefined && order.rejected === undefined) return false;
    return true;
  }

  /** The measured orders (the warm-up left out). */
  measured(): TrackedOrder[] {
    return [...this.orders.values()].filter((o) => o.isMeasured);
  }
}
