// whenBrokerReady: at once when ready, on the change back to ready, and a clear failure on time out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrokerState } from '../../../lib/broker/broker.ts';
import { whenBrokerReady } from '../../../lib/broker/when-ready.ts';

function fakeBroker(initial: BrokerState) {
  const listeners = new Set<(state: BrokerState) => void>();
  const broker = {
    state: initial,
    onStateChange(listener: (state: BrokerState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(state: BrokerState) {
      broker.state = state;
      for (const listener of [...listeners]) listener(state);
    },
    listeners,
  };
  return broker;
}

describe('whenBrokerReady', () => {
  it('resolves at once when the broker is ready', async () => {
    await whenBrokerReady(fakeBroker('ready'), 10);
  });

  it('waits for the broker to be ready again, and stops listening', async () => {
    const broker = fakeBroker('reconnecting');
    let isResolved = false;
    const waiting = whenBrokerReady(broker, 5000).then(() => (isResolved = true));
    broker.set('reconnecting');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(isResolved, false);
    broker.set('ready');
    await waiting;
    assert.equal(broker.listeners.size, 0);
  });

  it('rejects once the time is up, and stops listening', async () => {
    const broker = fakeBroker('reconnecting');
    await assert.rejects(whenBrokerReady(broker, 20), /broker not ready after 20 ms/);
    assert.equal(broker.listeners.size, 0);
  });
});
