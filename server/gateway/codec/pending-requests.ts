// The requests of one connection still waiting for their answer (a STOMP receipt, a Socket.IO ack),
// by request id. Bounded: a client that never lets its requests be answered cannot make it grow; past
// the bound the oldest is forgotten (its answer then goes out without a receipt or ack).

/** Requests owed an answer, oldest first. */
export class PendingRequests<T> {
  private readonly byId = new Map<string | number, T>();

  constructor(private readonly max = 256) {}

  /** Remembers a request; the oldest is forgotten when the map is full. */
  remember(id: string | number, value: T): void {
    if (this.byId.size >= this.max) {
      const oldest = this.byId.keys().next();
      if (!oldest.done) this.byId.delete(oldest.value);
    }
    this.byId.set(id, value);
  }

  /** The request with this id, if still waiting, now no longer waiting. */
  take(id: string | number | undefined): T | undefined {
    if (id === undefined) return undefined;
    const value = this.byId.get(id);
    this.byId.delete(id);
    return value;
  }

  /** The request with this id, left waiting. */
  peek(id: string | number): T | undefined {
    return this.byId.get(id);
  }
}
