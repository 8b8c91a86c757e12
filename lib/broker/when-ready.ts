// Waiting for a broker to be `ready` (every connection up, subscriptions live again after an outage).
import type { Broker } from './broker.ts';

/** Resolves at once when the broker is ready, else once it is; rejects after `timeoutMs`. */
export function whenBrokerReady(broker: Pick<Broker, 'state' | 'onStateChange'>, timeoutMs: number): Promise<void> {
  if (broker.state === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`broker not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = broker.onStateChange((state) => {
      if (state !== 'ready') return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
