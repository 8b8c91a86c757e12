// The memory broker's pub/sub: channels and stream tails both fan out through this.
import type { BrokerLogger } from './broker-logger.ts';
import { getOrCreate } from './get-or-create.ts';

/** In-process fan-out; delivery is deferred to a microtask so order per key holds and publishers never run handlers. */
export class MemoryFanout<T> {
  private readonly subscribers = new Map<string, Set<{ handler: (value: T) => void }>>();

  constructor(private readonly logger: BrokerLogger) {}

  subscribe(key: string, handler: (value: T) => void): () => void {
    const subscription = { handler };
    const set = getOrCreate(this.subscribers, key, () => new Set());
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key);
    };
  }

  emit(key: string, value: T): void {
    const set = this.subscribers.get(key);
    if (!set) return;
    // Snapshot now: a handler added after publish must not see this message; one removed before delivery must not either.
    const targets = [...set];
    queueMicrotask(() => {
      for (const target of targets) if (set.has(target)) this.deliver(target.handler, value, key);
    });
  }

  private deliver(handler: (value: T) => void, value: T, key: string): void {
    try {
      handler(value);
    } catch (error) {
      this.logger.warn({ err: error, channel: key }, 'broker subscriber threw; message dropped');
    }
  }

  clear(): void {
    this.subscribers.clear();
  }
}
