// A broker view for the gateway side of a test whose connection can be "lost": while reconnecting,
// live messages to it are dropped and reads fail, as with a real Redis outage; the feed keeps going.
import type { Broker, BrokerState, MessageHandler } from '../../lib/broker/broker.ts';

/** Wraps `inner`; `setState('reconnecting')` cuts this view off, `setState('ready')` restores it. */
export function switchableBroker(inner: Broker): Broker & { setState(state: BrokerState): void } {
  let state: BrokerState = 'ready';
  const listeners = new Set<(state: BrokerState) => void>();
  const down = (): Promise<never> => Promise.reject(new Error('broker connection lost'));
  return {
    kind: inner.kind,
    get state() {
      return state;
    },
    setState(next: BrokerState) {
      state = next;
      for (const listener of listeners) listener(next);
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish: (channel, payload) => (state === 'ready' ? inner.publish(channel, payload) : down()),
    subscribe: (channel, handler: MessageHandler) =>
      inner.subscribe(channel, (payload) => {
        if (state === 'ready') handler(payload);
      }),
    get: (key) => (state === 'ready' ? inner.get(key) : down()),
    set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
    deleteKey: (key) => inner.deleteKey(key),
    setField: (key, field, value) => inner.setField(key, field, value),
    deleteField: (key, field) => inner.deleteField(key, field),
    readFields: (key) => (state === 'ready' ? inner.readFields(key) : down()),
    rateLimit: (key, rule, cost) => (state === 'ready' ? inner.rateLimit(key, rule, cost) : down()),
    holdLease: (key, holder, ttlMs) => (state === 'ready' ? inner.holdLease(key, holder, ttlMs) : down()),
    releaseLease: (key, holder) => (state === 'ready' ? inner.releaseLease(key, holder) : down()),
    append: (stream, payload, options) => inner.append(stream, payload, options),
    readAfter: (stream, afterId, count) => inner.readAfter(stream, afterId, count),
    readLatest: (stream, count) => inner.readLatest(stream, count),
    firstId: (stream) => inner.firstId(stream),
    tail: (stream, handler) => inner.tail(stream, handler),
    enqueue: (queue, payload, options) => inner.enqueue(queue, payload, options),
    consume: (queue, options, handler) => inner.consume(queue, options, handler),
    ping: () => (state === 'ready' ? inner.ping() : down()),
    close: () => Promise.resolve(),
  };
}
