// An OrderRecord for engine unit tests: the terms a test names, the rest of a fresh unamended order.
import type { OrderRecord } from '../../workers/engine/order-record.ts';

type Terms = Omit<OrderRecord, 'stopTicks' | 'postOnly' | 'isTriggered' | 'placedLots' | 'placedPriceTicks'> & Partial<OrderRecord>;

/** The order with no stop, not post-only, never amended (placed terms = current terms) unless given. */
export function orderRecord(terms: Terms): OrderRecord {
  return { stopTicks: null, postOnly: false, isTriggered: false, placedLots: terms.lots, placedPriceTicks: terms.priceTicks, ...terms };
}
