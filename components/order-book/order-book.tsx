'use client';
// The order-book ladder: asks over bids with size and cumulative-depth bars, the spread between them,
// price grouping by tick multiples, and a click on a price filling the order form. Greyed out and
// labelled whenever the book is not live (reconnecting, stale, resyncing).
import { useMemo, useState } from 'react';
import { GROUP_MULTIPLES } from '@/lib/client/group-levels.ts';
import { ticksToPrice } from '@/lib/market/decimal.ts';
import { getInstrument } from '@/lib/market/instruments.ts';
import { asTicks } from '@/lib/market/units.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { pickPrice, usePricePickStore } from '@/components/order-entry/price-pick.tsx';
import { Panel } from '@/components/trader/panel.tsx';
import { ladderModel } from './ladder-model.ts';
import { LadderSide } from './ladder-side.tsx';
import styles from './order-book.module.css';

/** Rows per side; the panel clips the far ends when it is shorter. */
const ROWS = 16;

export function OrderBook({ symbol }: { symbol: string }) {
  const inst = getInstrument(symbol);
  const view = useBook(symbol);
  const connection = useConnection();
  const picks = usePricePickStore();
  const [multiple, setMultiple] = useState<number>(1);
  const model = useMemo(() => (inst ? ladderModel(view, inst, multiple, ROWS) : undefined), [view, inst, multiple]);
  if (!inst || !model) return null;
  const isLive = connection.state === 'open' && view.status === 'live';
  const notice = connection.state !== 'open' ? 'Connection lost · reconnecting' : view.status === 'waiting' ? 'Loading book…' : 'Book stale · resyncing';
  const onPick = (price: string): void => pickPrice(picks, price);

  const tools = (
    <label className={styles.grouping}>
      <span className="visually-hidden">Price grouping</span>
      <select value={multiple} onChange={(e) => setMultiple(Number(e.target.value))} data-testid="book-grouping">
        {GROUP_MULTIPLES.map((m) => (
          <option key={m} value={m}>
            {ticksToPrice(asTicks(m), inst)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Panel title="Order book" tools={tools} className={styles.panel} testId="live-book">
      <div
        className={styles.ladder}
        data-testid="order-book"
        data-state={isLive ? 'live' : view.status}
        data-best-bid={isLive ? model.bestBid : undefined}
        data-best-ask={isLive ? model.bestAsk : undefined}
        aria-busy={!isLive}
      >
        <div className={styles.columns} aria-hidden="true">
          <span>Price</span>
          <span>Size</span>
          <span>Total</span>
        </div>
        <LadderSide side="ask" lines={model.asks} onPick={onPick} />
        <div className={styles.spread} data-testid="book-spread">
          <span className="num up" data-testid="best-bid">
            {model.bestBid ?? '—'}
          </span>
          <span className={styles.spreadText}>{model.spreadText ? `Spread ${model.spreadText}` : 'Spread —'}</span>
          <span className="num down" data-testid="best-ask">
            {model.bestAsk ?? '—'}
          </span>
        </div>
        <LadderSide side="bid" lines={model.bids} onPick={onPick} />
        {!isLive && (
          <div className={styles.notice} role="status" data-testid="book-notice">
            {notice}
          </div>
        )}
      </div>
    </Panel>
  );
}
