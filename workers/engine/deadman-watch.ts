// Runs the dead-man's switch in the engine: arms it for `order.deadman`, follows the gateway nodes'
// presence heartbeats, and when a user's switch runs out cancels their open orders on the engine's
// serial queue (the engine stays the single writer). Armed switches are kept in a broker hash, one
// field per user (each arm writes its own field, never everyone's), so a restarted engine still honours them.
import type { Broker } from '../../lib/broker/broker.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { Logger } from '../../lib/log.ts';
import { UnknownAccountError } from '../../lib/accounts/account-lock.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import { DEADMAN_KEY, DEADMAN_SWITCHES, PRESENCE_CHANNEL } from '../../lib/protocol/channels.ts';
import { CANCEL_REASONS } from '../../lib/protocol/orders.ts';
import { type OrderDeadmanEvent } from '../../lib/protocol/order-events.ts';
import { PRESENCE_CHECK_MS, PRESENCE_NODE_TIMEOUT_MS, presenceReportSchema } from '../../lib/protocol/presence.ts';
import { cancelEveryOrder } from './cancel-every-order.ts';
import { DeadmanSwitches } from './deadman-switch.ts';
import { countOrderOutcomes } from './engine-metrics.ts';
import { inLockedTransaction, type LockedTransactionDeps } from './locked-transaction.ts';
import { parsePayload } from './market-data-schemas.ts';
import type { OpenOrderIndex } from './open-order-index.ts';
import type { SerialQueue } from './serial-queue.ts';

/** What the watch needs from the engine. */
export interface DeadmanWatchDeps {
  prisma: PrismaClient;
  broker: Broker;
  logger: Logger;
  serial: SerialQueue;
  index: OpenOrderIndex;
  transactionTimeoutMs: number;
  guess?: LockedTransactionDeps['guess'];
  fence?: LockedTransactionDeps['fence'];
  onFenced?: LockedTransactionDeps['onFenced'];
}

/** The engine's dead-man's switches. */
export interface DeadmanWatch {
  /** Arms (or with 0 disarms) the user's switch and returns the answer to publish. */
  arm(userId: string, seconds: number, requestId: string | number | undefined): Promise<OrderDeadmanEvent>;
  close(): Promise<void>;
}

/** Starts following presence and restores the switches armed before a restart. */
export async function startDeadmanWatch(deps: DeadmanWatchDeps): Promise<DeadmanWatch> {
  const { broker, logger } = deps;
  const switches = new DeadmanSwitches({ nodeTimeoutMs: PRESENCE_NODE_TIMEOUT_MS }, Date.now());
  for (const [userId, seconds] of Object.entries(await loadArmed(broker, logger))) switches.restore(userId, seconds);
  const unsubscribe = await broker.subscribe(PRESENCE_CHANNEL, (payload) => {
    const report = parsePayload(presenceReportSchema, payload);
    if (report !== undefined) switches.onPresence(report.node, report.users, Date.now());
  });
  const timer = setInterval(() => {
    const fired = switches.due(Date.now());
    for (const userId of fired) {
      void broker.deleteField(DEADMAN_SWITCHES, userId).catch((error: unknown) => logger.warn({ err: error, userId }, 'fired dead-man switch not removed'));
      deps.serial.run(() => cancelAll(deps, userId)).catch((error: unknown) => logger.error({ err: error, userId }, "dead-man's switch cancel failed"));
    }
  }, PRESENCE_CHECK_MS);
  timer.unref();

  return {
    async arm(userId, seconds, requestId) {
      switches.arm(userId, seconds, Date.now());
      // Not awaited, so a flood of arms holds no round trip each on the serial queue: the switch is in
      // force here at once, and the write, issued before the answer is published, only matters to a
      // restarted engine. A failed write is logged; the next arm of the user writes the field again.
      const write = seconds === 0 ? broker.deleteField(DEADMAN_SWITCHES, userId) : broker.setField(DEADMAN_SWITCHES, userId, String(seconds));
      void write.catch((error: unknown) => logger.warn({ err: error, userId }, 'dead-man switch not saved'));
      return { type: 'order.deadman', ...(requestId === undefined ? {} : { requestId }), seconds, ts: Date.now() };
    },
    async close() {
      clearInterval(timer);
      await unsubscribe().catch(() => undefined);
    },
  };
}

async function cancelAll(deps: DeadmanWatchDeps, userId: string): Promise<void> {
  let outcome;
  try {
    outcome = await inLockedTransaction(deps, userId, (tx) => cancelEveryOrder(tx, userId, CANCEL_REASONS.DEADMAN_SWITCH));
  } catch (error) {
    if (error instanceof UnknownAccountError) return;
    throw error;
  }
  for (const order of outcome.changed) deps.index.update(order);
  countOrderOutcomes(outcome);
  deps.logger.info({ userId, cancelled: outcome.changed.length }, "dead-man's switch fired");
  await publishEvents(deps.broker, userId, outcome.events);
}

async function loadArmed(broker: Broker, logger: Logger): Promise<Record<string, number>> {
  try {
    await moveLegacySwitches(broker, logger);
    const fields = await broker.readFields(DEADMAN_SWITCHES);
    return Object.fromEntries(Object.entries(fields).flatMap(([userId, raw]) => (isArmedSeconds(Number(raw)) ? [[userId, Number(raw)]] : [])));
  } catch (error) {
    logger.warn({ err: error }, 'armed dead-man switches not restored');
    return {};
  }
}

// An engine from before the hash kept every switch in one JSON value: copied field by field (a switch
// armed in the hash since stays as it is), then the old key is deleted, so this happens once.
async function moveLegacySwitches(broker: Broker, logger: Logger): Promise<void> {
  const legacy = await broker.get(DEADMAN_KEY);
  if (legacy === null) return;
  let value: unknown;
  try {
    value = JSON.parse(legacy);
  } catch {
    logger.warn('the old dead-man switch key is not JSON; dropped');
  }
  if (typeof value === 'object' && value !== null) {
    const current = await broker.readFields(DEADMAN_SWITCHES);
    for (const [userId, seconds] of Object.entries(value)) {
      if (typeof seconds === 'number' && isArmedSeconds(seconds) && current[userId] === undefined) await broker.setField(DEADMAN_SWITCHES, userId, String(seconds));
    }
  }
  await broker.deleteKey(DEADMAN_KEY);
}

function isArmedSeconds(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds > 0;
}
