// Every order the soak sends and what came back for it, by clientOrderId: each order must end exactly
// once (filled in full, cancelled, rejected, or refused by the gateway with an error reply), be
// accepted at most once, and carry each fill once. Anything else is counted as doubled; an order with
// no end by the time the run has drained is lost.

/** What the tally reads of a message on an order user's socket (order events and error replies). */
export interface OrderMessage {
  type: string;
  clientOrderId?: string;
  /** An error reply's request id: the soak sends each order with its clientOrderId as the id. */
  id?: string | number;
  fillId?: string;
  status?: string;
  code?: string;
}

/** Counts since the last `take`. */
export interface OrderCounts {
  sent: number;
  /** Orders that reached their end (each once). */
  answered: number;
  /** Of those, refused: `order.rejected` or a gateway error reply. */
  refused: number;
  doubled: number;
}

interface Tracked {
  user: string;
  isAccepted: boolean;
  isEnded: boolean;
  fills: Set<string>;
}

const zero = (): OrderCounts => ({ sent: 0, answered: 0, refused: 0, doubled: 0 });

/** The order accounting of a run. */
export class OrderTally {
  private readonly orders = new Map<string, Tracked>();
  private readonly openIds = new Set<string>();
  private readonly openOf = new Map<string, Set<string>>();
  private counts = zero();
  private total = zero();

  sent(clientOrderId: string, user: string): void {
    this.orders.set(clientOrderId, { user, isAccepted: false, isEnded: false, fills: new Set() });
    this.openIds.add(clientOrderId);
    const open = this.openOf.get(user) ?? new Set<string>();
    open.add(clientOrderId);
    this.openOf.set(user, open);
    this.bump('sent');
  }

  /** Reads one message; messages about orders this run did not send are ignored. */
  read(message: OrderMessage): void {
    const clientOrderId = message.type === 'error' ? (message.id === undefined ? undefined : String(message.id)) : message.clientOrderId;
    const order = clientOrderId === undefined ? undefined : this.orders.get(clientOrderId);
    if (order === undefined || clientOrderId === undefined) return;
    switch (message.type) {
      case 'order.accepted':
        if (order.isAccepted) this.bump('doubled');
        order.isAccepted = true;
        return;
      case 'order.filled':
        if (message.fillId !== undefined && order.fills.has(message.fillId)) return this.bump('doubled');
        if (message.fillId !== undefined) order.fills.add(message.fillId);
        if (message.status === 'filled') this.end(clientOrderId, order, false);
        return;
      case 'order.cancelled':
        return this.end(clientOrderId, order, false);
      case 'order.rejected':
      case 'error':
        return this.end(clientOrderId, order, true);
      default:
        return;
    }
  }

  /** Orders of `user` still waiting for their end. */
  openOrdersOf(user: string): number {
    return this.openOf.get(user)?.size ?? 0;
  }

  /** Orders sent and not yet ended. */
  get open(): number {
    return this.openIds.size;
  }

  /** The counts since the last call, which starts a new count. */
  take(): OrderCounts {
    const counts = this.counts;
    this.counts = zero();
    return counts;
  }

  /** The counts since the start. */
  totals(): OrderCounts {
    return { ...this.total };
  }

  private end(clientOrderId: string, order: Tracked, isRefused: boolean): void {
    if (order.isEnded) return this.bump('doubled');
    order.isEnded = true;
    this.openIds.delete(clientOrderId);
    this.openOf.get(order.user)?.delete(clientOrderId);
    this.bump('answered');
    if (isRefused) this.bump('refused');
  }

  private bump(key: keyof OrderCounts): void {
    this.counts[key] += 1;
    this.total[key] += 1;
  }
}
