// The current mid of an instrument, read from the book snapshot the feed keeps in the broker.
import { midOfBest } from '../../../lib/accounts/position.ts';
import type { Money } from '../../../lib/accounts/money.ts';
import type { Broker } from '../../../lib/broker/broker.ts';
import { priceToTicks } from '../../../lib/market/decimal.ts';
import type { Instrument } from '../../../lib/market/instruments.ts';
import type { Ticks } from '../../../lib/market/units.ts';
import { decodeBookSnapshot } from '../../../lib/protocol/bus.ts';
import { bookSnapshotKey } from '../../../lib/protocol/channels.ts';

/** The mid in money units, or undefined when there is no usable snapshot (feed down, empty or malformed book). */
export async function readMid(broker: Broker, inst: Instrument): Promise<Money | undefined> {
  const raw = await broker.get(bookSnapshotKey(inst.symbol));
  if (raw === null) return undefined;
  const snapshot = decodeBookSnapshot(raw);
  if (!snapshot.ok || snapshot.value.symbol !== inst.symbol) return undefined;
  // Bids are stored high → low and asks low → high: the first of each is the best.
  const bid = bestTicks(snapshot.value.bids[0], inst);
  const ask = bestTicks(snapshot.value.asks[0], inst);
  return midOfBest(bid, ask, inst);
}

function bestTicks(best: [string, string] | undefined, inst: Instrument): Ticks | undefined {
  return best === undefined ? undefined : (priceToTicks(best[0], inst) ?? undefined);
}
