// The current mid of an instrument, read from the book snapshot the feed keeps in the broker.
import { z } from 'zod';
import { midOfBest } from '../accounts/position.ts';
import type { Money } from '../accounts/money.ts';
import type { Broker } from '../broker/broker.ts';
import { priceToTicks } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import { bookSnapshotKey } from '../protocol/channels.ts';

const level = z.tuple([z.string(), z.string()]);
// Only the best of each side is read; bids are stored high → low and asks low → high.
const snapshotSchema = z.object({ bids: z.array(level), asks: z.array(level) });

/** The mid in money units, or undefined when there is no usable snapshot (feed down, empty or malformed book). */
export async function readMid(broker: Broker, inst: Instrument): Promise<Money | undefined> {
  const raw = await broker.get(bookSnapshotKey(inst.symbol));
  if (raw === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const snapshot = snapshotSchema.safeParse(json);
  if (!snapshot.success) return undefined;
  const bid = bestTicks(snapshot.data.bids[0], inst);
  const ask = bestTicks(snapshot.data.asks[0], inst);
  return midOfBest(bid, ask, inst);
}

function bestTicks(best: [string, string] | undefined, inst: Instrument): number | undefined {
  return best === undefined ? undefined : (priceToTicks(best[0], inst) ?? undefined);
}
