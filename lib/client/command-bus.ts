// A tiny typed event bus: the keyboard shortcuts emit commands, and the components that own the state
// (the order ticket, the chart's timeframe, the instrument picker) act on them through the same code
// as their own clicks.

type Listener<C> = (command: C) => void;

export class CommandBus<C extends { type: string }> {
  private readonly listeners = new Map<C['type'], Set<Listener<C>>>();

  /** Calls `listener` with every command of this type until the returned function is called. */
  on<T extends C['type']>(type: T, listener: Listener<Extract<C, { type: T }>>): () => void {
    const set = this.listeners.get(type) ?? new Set<Listener<C>>();
    this.listeners.set(type, set);
    // Only commands of `type` reach this set, so the narrower listener is safe here.
    const wide = listener as Listener<C>;
    set.add(wide);
    return () => {
      set.delete(wide);
    };
  }

  /** Delivers a command; how many listeners took it (0: nothing on the page handles it now). */
  emit(command: C): number {
    const set = this.listeners.get(command.type);
    const current = [...(set ?? [])];
    for (const listener of current) listener(command);
    return current.length;
  }
}
