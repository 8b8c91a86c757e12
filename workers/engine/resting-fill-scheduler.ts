// Schedules the fills of resting orders from market data: each trade printing through an order, and
// each book update crossing one, becomes one transaction per order on the engine's serial queue.
import type { Broker } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import type { Lots } from '../../lib/market/units.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import { countOrderOutcomes } from './engine-metrics.ts';
import { inLockedTransaction, type LockedTransactionDeps } from './locked-transaction.ts';
import { settleRestingFill } from './settle-resting-fill.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import type { OpenOrderIndex, RestingOrder } from './open-order-index.ts';
import { lotsFilledByBook, lotsFilledByTrade, type PublicTrade, type RestingTerms } from './lots-filled-by-market.ts';
import type { SerialQueue } from './serial-queue.ts';

/** What the scheduler needs from the engine. */
export interface RestingFillSchedulerDeps {
  prisma: PrismaClient;
  broker: Broker;
  logger: Logger;
  serial: SerialQueue;
  index: OpenOrderIndex;
  liveBook: (symbol: string) => OrderBook | undefined;
  transactionTimeoutMs: number;
  guess?: LockedTransactionDeps['guess'];
  fence?: LockedTransactionDeps['fence'];
  onFenced?: LockedTransactionDeps['onFenced'];
}

/** Schedules resting-order fills from trades and book updates. */
export class RestingFillScheduler {
  // Symbols with a book check already queued: bursts of deltas collapse into one check.
  private readonly queuedBookChecks = new Set<string>();

  constructor(private readonly deps: RestingFillSchedulerDeps) {}

  /** Fills the orders a public trade printed through. */
  onTrade(symbol: string, trade: PublicTrade): void {
    for (const order of this.deps.index.restingOf(symbol)) {
      if (lotsFilledByTrade(order, trade) > 0) this.schedule(order, (terms) => lotsFilledByTrade(terms, trade));
    }
  }

  /** Fills the orders the book now crosses, once per burst of updates. */
  onBook(symbol: string): void {
    if (this.queuedBookChecks.has(symbol) || !this.hasCrossing(symbol)) return;
    this.queuedBookChecks.add(symbol);
    this.deps.serial
      .run(async () => {
        this.queuedBookChecks.delete(symbol);
        for (const order of this.deps.index.restingOf(symbol)) {
          // The live book keeps moving while earlier fills commit: evaluate each order against it now.
          const book = this.deps.liveBook(symbol);
          if (book !== undefined && lotsFilledByBook(order, book) > 0) await this.fill(order, (terms) => lotsFilledByBook(terms, book));
        }
      })
      .catch((error: unknown) => this.deps.logger.error({ err: error, symbol }, 'resting fill check failed'));
  }

  private hasCrossing(symbol: string): boolean {
    const book = this.deps.liveBook(symbol);
    return book !== undefined && this.deps.index.restingOf(symbol).some((order) => lotsFilledByBook(order, book) > 0);
  }

  private schedule(order: RestingOrder, lotsFor: (terms: RestingTerms) => Lots): void {
    this.deps.serial
      .run(() => this.fill(order, lotsFor))
      .catch((error: unknown) => this.deps.logger.error({ err: error, orderId: order.id.toString() }, 'resting fill failed'));
  }

  private async fill(order: RestingOrder, lotsFor: (terms: RestingTerms) => Lots): Promise<void> {
    const { index, broker } = this.deps;
    const outcome = await inLockedTransaction(this.deps, order.userId, (tx) => settleRestingFill(tx, order.userId, order.id, lotsFor));
    index.remove(order.symbol, order.id);
    for (const changed of outcome.changed) index.update(changed);
    countOrderOutcomes(outcome);
    await publishEvents(broker, order.userId, outcome.events);
  }
}
