// The engine's order round trip on a broker, as bench/order-roundtrip.ts measures it: the feed, the engine
// and two gateways as their own processes (BROKER=<kind>, a PostgreSQL database of the phase's own), users
// sending market orders over the WebSocket at a fixed total rate, timed from send() to order.accepted and
// to the first order.filled the same socket gets back.
import type WebSocket from 'ws';
import type { TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
import { LOOPBACK_LOAD_ORDER_BUDGET } from '../../scripts/cluster/start-cluster.ts';
import { waitFor } from '../../scripts/lib/wait-for.ts';
import { createTestDatabase } from '../../tests/helpers/services.ts';
import { createUsers, startTradingStack } from '../lib/trading-stack.ts';
import { openSocket, record, sendAtRate, type Sent } from '../order-roundtrip.ts';
import { appEnvironment, type BrokerTarget } from './broker-target.ts';
import { BROKERS_SETTINGS } from './brokers-settings.ts';

/** Percentiles of one leg, in ms. */
export interface Leg {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The measured orders (warm-up excluded). */
export interface OrdersResult {
  sent: number;
  rejected: number;
  /** Neither rejected nor filled by the end of the drain. */
  lost: number;
  accepted: Leg;
  filled: Leg;
}

/** Starts the stack on the target and a fresh database, sends for the warm-up and the window, and stops it all. */
export async function measureOrders(target: BrokerTarget): Promise<OrdersResult> {
  const { ordersRate, ordersUsers, ordersWarmupS, ordersSeconds, ordersDrainMs } = BROKERS_SETTINGS;
  const database = await createTestDatabase();
  const processes: TickwireProcess[] = [];
  const sockets: WebSocket[] = [];
  try {
    const tokens = await createUsers(database.url, 'bench', ordersUsers);
    // Every bench user connects from 127.0.0.1: one address's order budget would cap them all together.
    const env = { ...appEnvironment(target), DATABASE_URL: database.url, ...LOOPBACK_LOAD_ORDER_BUDGET };
    const { gateways } = await startTradingStack(env, processes);
    const sent = new Map<string, Sent>();
    for (const [i, token] of tokens.entries()) {
      sockets.push(await openSocket(`ws://127.0.0.1:${gateways[i % gateways.length]?.port}/ws`, token, (event, atMs) => record(sent, event, atMs)));
    }
    await sendAtRate(sockets, ordersRate, 'o', (id, entry) => sent.set(id, entry), { warmupS: ordersWarmupS, measureS: ordersSeconds });
    const isAnswered = (o: Sent): boolean => o.rejected !== undefined || o.filledMs !== undefined;
    await waitFor('every order answered', () => [...sent.values()].every(isAnswered), ordersDrainMs, 100).catch(() => undefined);
    const measured = [...sent.values()].filter((o) => o.isMeasured);
    return {
      sent: measured.length,
      rejected: measured.filter((o) => o.rejected !== undefined).length,
      lost: measured.filter((o) => !isAnswered(o)).length,
      accepted: leg(measured.flatMap((o) => (o.acceptedMs === undefined ? [] : [o.acceptedMs]))),
      filled: leg(measured.flatMap((o) => (o.filledMs === undefined ? [] : [o.filledMs]))),
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await Promise.all(processes.map((p) => p.kill()));
    await database.drop();
  }
}

function leg(values: number[]): Leg {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}
