// What one engine transaction produced: the events to publish once it has committed, and the
// orders it changed (to keep the in-memory index of resting orders in step).
import type { OrderEvent } from '../../lib/protocol/order-events.ts';
import type { OrderRecord } from './order-record.ts';

/** The committed effects of one op or one market-data fill. */
export interface Outcome {
  events: OrderEvent[];
  changed: OrderRecord[];
  /** Tells again what an earlier outcome decided (a stored order replayed): not counted again in the metrics. */
  replayed?: true;
}

/** An outcome that only answers (an acknowledgement replayed, a refusal). */
export function answer(...events: OrderEvent[]): Outcome {
  return { events, changed: [] };
}
