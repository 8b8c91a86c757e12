// Schedules the triggers of waiting stop orders from public trades: each trade at or beyond a stop's
// price becomes one transaction for that order on the engine's serial queue. Only trades trigger
// (the last trade price, as on most exchanges), never a quote moving.
import type { Ticks } from '../../lib/market/units.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import { countOrderOutcomes } from './engine-metrics.ts';
import { inLockedTransaction } from './locked-transaction.ts';
import type { WaitingStop } from './open-order-index.ts';
import type { RestingFillSchedulerDeps } from './resting-fill-scheduler.ts';
import { stopReached } from '../../lib/market/stop-rules.ts';
import { triggerStop } from './trigger-stop.ts';

/** What the scheduler needs from the engine: what resting fills need, and the last trade price. */
export interface StopTriggerSchedulerDeps extends RestingFillSchedulerDeps {
  lastTrade: (symbol: string) => Ticks | undefined;
}

/** Triggers waiting stops from trades. */
export class StopTriggerScheduler {
  // Stops with a trigger queued: a burst of trades through one stop triggers it once.
  private readonly queued = new Set<bigint>();

  constructor(private readonly deps: StopTriggerSchedulerDeps) {}

  /** Triggers the stops a public trade at `priceTicks` reached. */
  onTrade(symbol: string, priceTicks: Ticks): void {
    for (const stop of this.deps.index.stopsOf(symbol)) {
      if (stopReached(stop.side, stop.stopTicks, priceTicks)) this.schedule(stop, priceTicks);
    }
  }

  /** Checks a stop just indexed against the last trade, which may have passed its price while it was being placed. */
  onStopIndexed(stop: WaitingStop): void {
    const last = this.deps.lastTrade(stop.symbol);
    if (last !== undefined && stopReached(stop.side, stop.stopTicks, last)) this.schedule(stop, last);
  }

  private schedule(stop: WaitingStop, lastTicks: Ticks): void {
    if (this.queued.has(stop.id)) return;
    this.queued.add(stop.id);
    this.deps.serial
      .run(() => this.trigger(stop, lastTicks))
      .catch((error: unknown) => this.deps.logger.error({ err: error, orderId: stop.id.toString() }, 'stop trigger failed'))
      .finally(() => this.queued.delete(stop.id));
  }

  private async trigger(stop: WaitingStop, lastTicks: Ticks): Promise<void> {
    const { index, broker, liveBook } = this.deps;
    const outcome = await inLockedTransaction(this.deps, stop.userId, (tx) => triggerStop(tx, stop.userId, stop.id, lastTicks, liveBook(stop.symbol)));
    for (const changed of outcome.changed) index.update(changed);
    countOrderOutcomes(outcome);
    await publishEvents(broker, stop.userId, outcome.events);
  }
}
