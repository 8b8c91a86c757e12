// A broker view that counts live subscriptions per channel and can refuse to enqueue, for tests of
// what the gateway subscribes to and how it answers when the order queue is unreachable.
import type { Broker, BrokerState } from '../../lib/broker/broker.ts';

/** `inner`, plus subscription counts and an enqueue switch. */
export interface CountingBroker extends Broker {
  /** Live subscriptions (subscribed and not yet removed) of a channel. */
  liveSubscriptions(channel: string): number;
  /** Subscribe calls ever made for a channel. */
  subscribeCalls(channel: string): number;
  shouldFailEnqueue: boolean;
}

/** Wraps `inner`; closing the view leaves `inner` open. */
export function countingBroker(inner: Broker): CountingBroker {
  const live = new Map<string, number>();
  const calls = new Map<string, number>();
  const bump = (map: Map<string, number>, channel: string, by: number): void => {
    map.set(channel, (map.get(channel) ?? 0) + by);
  };
  const view: CountingBroker = {
    kind: inner.kind,
    shouldFailEnqueue: false,
    get state(): BrokerState {
      return inner.state;
    },
    liveSubscriptions: (channel) => live.get(channel) ?? 0,
    subscribeCalls: (channel) => calls.get(channel) ?? 0,
    onStateChange: (listener) => inner.onStateChange(listener),
    publish: (channel, payload) => inner.publish(channel, payload),
    subscribe: async (channel, handler) => {
      bump(calls, channel, 1);
      const remove = await inner.subscribe(channel, handler);
      bump(live, channel, 1);
      return async () => {
        bump(live, channel, -1);
        await remove();
      };
    },
    get: (key) => inner.get(key),
    set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
    deleteKey: (key) => inner.deleteKey(key),
    setField: (key, field, value) => inner.setField(key, field, value),
    deleteField: (key, field) => inner.deleteField(key, field),
    readFields: (key) => inner.readFields(key),
    rateLimit: (key, rule, cost) => inner.rateLimit(key, rule, cost),
    holdLease: (key, holder, ttlMs) => inner.holdLease(key, holder, ttlMs),
    releaseLease: (key, holder) => inner.releaseLease(key, holder),
    append: (stream, payload, options) => inner.append(stream, payload, options),
    readAfter: (stream, afterId, count) => inner.readAfter(stream, afterId, count),
    readLatest: (stream, count) => inner.readLatest(stream, count),
    firstId: (stream) => inner.firstId(stream),
    tail: (stream, handler) => inner.tail(stream, handler),
    enqueue: (queue, payload, options) => (view.shouldFailEnqueue ? Promise.reject(new Error('queue unreachable')) : inner.enqueue(queue, payload, options)),
    consume: (queue, options, handler) => inner.consume(queue, options, handler),
    ping: () => inner.ping(),
    close: () => Promise.resolve(),
  };
  return view;
}
